# Sourced by scripts/run and scripts/test (POSIX sh): Python 3.11 or newer, and a .venv in the
# current folder that this Python made and that has pip; anything else is said in one line.

# One line about the step that starts now, on stderr (stdout belongs to the program run after).
say() {
    printf '%s\n' "$*" >&2
}

# The version of the Python `$1` as X.Y.Z; empty when it does not run.
python_version() {
    "$1" -c 'import sys; print("%d.%d.%d" % tuple(sys.version_info[:3]))' 2>/dev/null || true
}

# Stops with one line unless python3 is Python 3.11 or newer.
need_python() {
    if ! command -v python3 >/dev/null 2>&1; then
        say "Lagerfeuer needs Python 3.11 or newer, and there is no python3 on PATH"
        exit 1
    fi
    found=$(python_version python3)
    major=${found%%.*}
    minor=${found#*.}
    minor=${minor%%.*}
    case "$major.$minor" in
        *[!0-9.]* | .* | *.)
            say "Lagerfeuer needs Python 3.11 or newer, and $(command -v python3) does not run"
            exit 1
            ;;
    esac
    if [ "$major" -lt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -lt 11 ]; }; then
        say "Lagerfeuer needs Python 3.11 or newer, and python3 ($(command -v python3)) is $found"
        exit 1
    fi
}

# Why .venv cannot be used as it is (another Python made it, or it has no pip); empty if it can.
venv_problem() {
    [ -e .venv ] || return 0
    made=$(python_version .venv/bin/python)
    wanted=$(python_version python3)
    if [ -z "$made" ]; then
        echo "it has no Python that runs"
    elif [ "${made%.*}" != "${wanted%.*}" ]; then
        echo "Python ${made%.*} made it, and python3 is ${wanted%.*}"
    elif ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
        echo "it has no pip"
    fi
}

# Removes a .venv that cannot be used, saying why, so that it is made again.
discard_unusable_venv() {
    problem=$(venv_problem)
    if [ -n "$problem" ]; then
        say "rebuilding .venv: $problem"
        rm -rf .venv
    fi
}

# Makes .venv with python3 unless it is there.
make_venv() {
    [ ! -e .venv ] || return 0
    if ! python3 -m venv .venv; then
        say "python3 -m venv failed (on Debian or Ubuntu, install the package python3-venv)"
        rm -rf .venv
        exit 1
    fi
}
