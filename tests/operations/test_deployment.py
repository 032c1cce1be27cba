"""Dockerfile, docker-compose.yml and .env.example are well-formed and name only real settings.

There is no Docker engine on the build machines, so these files are parsed and checked here
rather than built and run.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from adapters.runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = {f"LAGERFEUER_{name.upper()}" for name in Settings.model_fields}
MENTIONED = re.compile(r"\bLAGERFEUER_[A-Z_]+\b")


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    logical: list[str] = []
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    result = []
    for entry in logical:
        instruction, _, args = entry.partition(" ")
        result.append((instruction.upper(), args.strip()))
    return result


def env_pairs(args: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in args.split())


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (ins, _) in enumerate(instructions) if ins == "FROM"]
    return instructions[starts[-1] :]


def test_dockerfile_is_slim_non_root_with_packaged_content_and_a_data_volume() -> None:
    instructions = dockerfile_instructions()
    known = {"FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "VOLUME", "STOPSIGNAL"}
    known |= {"ENTRYPOINT", "CMD", "EXPOSE", "ARG", "LABEL", "HEALTHCHECK"}
    assert instructions[0][0] == "FROM"
    assert {ins for ins, _ in instructions} <= known
    final = final_stage(instructions)
    assert "slim" in final[0][1], "the runtime image is a slim one"
    users = [args for ins, args in final if ins == "USER"]
    assert users and users[-1] not in ("root", "0"), "runs as an unprivileged user"
    volumes = [v for ins, args in final if ins == "VOLUME" for v in json.loads(args)]
    env: dict[str, str] = {}
    for ins, args in final:
        if ins == "ENV":
            env.update(env_pairs(args))
    assert env["LAGERFEUER_DATABASE"].startswith(volumes[0] + "/")
    assert env["LAGERFEUER_MATRIX_STORE"].startswith(volumes[0] + "/")
    assert "LAGERFEUER_CONTENT_DIR" not in env, "the image serves the packaged content as it is"
    build = list(enumerate(instructions[: len(instructions) - len(final)]))
    copied = [i for i, (ins, args) in build if ins == "COPY" and args.split()[0] == "content"]
    installed = [i for i, (ins, args) in build if ins == "RUN" and args.startswith("pip install")]
    assert copied and installed and copied[0] < installed[-1], "the build stage packages content/"


def test_dockerfile_names_only_real_settings_files_and_the_real_command() -> None:
    instructions = dockerfile_instructions()
    for ins, args in instructions:
        if ins == "ENV":
            names = {k for k in env_pairs(args) if k.startswith("LAGERFEUER_")}
            assert names <= VARIABLES, names - VARIABLES
        if ins == "COPY" and "--from" not in args:
            *sources, _ = args.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: no such file"
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for needed in ("core", "adapters", "content", "pyproject.toml", "README.md"):
        assert needed not in ignored, f"{needed} is needed by the build but ignored"
    for secret in (".env", ".venv", "*.db"):
        assert secret in ignored, f"{secret} must stay out of the build context"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entry = json.loads(dict(instructions)["ENTRYPOINT"])
    assert entry[0] in pyproject["project"]["scripts"]


def test_compose_file_runs_the_bot_and_a_local_synapse_behind_a_profile() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    bot = services["lagerfeuer"]
    assert (ROOT / bot["build"] / "Dockerfile").is_file()
    assert "profiles" not in bot, "the bot starts with a plain `docker compose up`"
    assert bot["env_file"] == ".env"
    assert set(bot["environment"]) <= VARIABLES, set(bot["environment"]) - VARIABLES
    mounts = [m for m in bot["volumes"]]
    assert any(m.endswith(":/data") for m in mounts), "the database and store are on a volume"
    if "LAGERFEUER_CONTENT_DIR" in bot["environment"]:
        folder = bot["environment"]["LAGERFEUER_CONTENT_DIR"]
        assert any(f":{folder}" in m for m in mounts), "an own content folder is mounted"
    synapse = services["synapse"]
    assert synapse["profiles"] == ["matrix-local"]
    assert "synapse" in synapse["image"]
    declared = set(compose["volumes"])
    for service in services.values():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"volume {source} is not declared"
    mentioned = set(MENTIONED.findall((ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    assert mentioned <= VARIABLES, mentioned - VARIABLES


def test_env_example_names_every_setting_each_with_a_comment() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assignment = re.compile(r"^#?\s*(LAGERFEUER_[A-Z_]+)=")
    named: set[str] = set()
    for index, line in enumerate(lines):
        match = assignment.match(line)
        if not match:
            continue
        named.add(match.group(1))
        above = lines[index - 1].strip()
        assert above.startswith("#") and not assignment.match(above), (
            f"line {index + 1}: {match.group(1)} has no comment of its own above it"
        )
    assert named == VARIABLES, f"missing {VARIABLES - named}, unknown {named - VARIABLES}"
    mentioned = set(MENTIONED.findall("\n".join(lines)))
    assert mentioned <= VARIABLES, mentioned - VARIABLES


def test_env_example_loads_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=ROOT / ".env.example")  # type: ignore[call-arg]
    assert settings.language == "de"
    assert not settings.telegram_enabled() and not settings.matrix_enabled()


def test_readme_documents_every_setting_and_command() -> None:
    from core.kernel.commands import COMMANDS
    from tests.support.words import COMMAND_WORDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name for name in VARIABLES if f"`{name}`" not in readme}
    assert not missing, f"README configuration table lacks {missing}"
    mentioned = set(MENTIONED.findall(readme))
    assert mentioned <= VARIABLES, (
        f"README names settings that do not exist: {mentioned - VARIABLES}"
    )
    for spec in COMMANDS:
        if spec.in_menu:
            assert f"`{spec.name}" in readme, f"README commands table lacks {spec.name}"
            alias = COMMAND_WORDS.shown(spec, "de")
            if alias != spec.name:
                assert f"`{alias}`" in readme, f"README lacks the alias {alias}"
    for command in ("./scripts/run", "./scripts/test", "docker compose up", "python -m benchmarks"):
        assert command in readme
