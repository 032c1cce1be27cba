"""The folders are the architecture: these rules keep the import arrows pointing down.

core/: the kernel and the content model import no feature; a feature imports another only
through its package (`core.welcome`, never `core.welcome.text`); nothing in core imports an
adapter. adapters/: storage and the channels never import the wiring or the CLI; a channel
imports no other channel; only the wiring builds Telegram and Matrix.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ("welcome", "flows", "answers", "announcements", "rooms", "basics")
CHANNELS = ("telegram", "matrix", "console")


def _imports() -> dict[str, set[str]]:
    """Every module of core/ and adapters/, with the modules it imports (anywhere in it)."""
    found: dict[str, set[str]] = {}
    for top in ("core", "adapters"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
                    names.update(f"{node.module}.{alias.name}" for alias in node.names)
            found[".".join(parts)] = names
    return found


IMPORTS = _imports()


def _violations(importer: str, forbidden: str) -> list[str]:
    """`importer -> imported` for each module under `importer` importing under `forbidden`."""
    return sorted(
        f"{module} -> {name}"
        for module, names in IMPORTS.items()
        if module == importer or module.startswith(f"{importer}.")
        for name in names
        if name == forbidden or name.startswith(f"{forbidden}.")
    )


def _module_of_package(name: str) -> bool:
    """Whether `core.x.y...` names a module inside package `core.x` (or a name in one)."""
    parts = name.split(".")
    return len(parts) >= 3 and ".".join(parts[:3]) in IMPORTS


def test_the_rules_see_the_code() -> None:
    assert "core.kernel.assistant" in IMPORTS and "adapters.runtime.bootstrap" in IMPORTS
    assert "core.kernel.ports" in IMPORTS["core.kernel.assistant"]


def test_nothing_in_core_imports_an_adapter() -> None:
    assert _violations("core", "adapters") == []


def test_kernel_and_content_import_no_feature() -> None:
    for feature in FEATURES:
        assert _violations("core.kernel", f"core.{feature}") == []
        assert _violations("core.content", f"core.{feature}") == []
    assert _violations("core.content", "core.kernel") == []


def test_a_feature_uses_another_only_through_its_package() -> None:
    wrong = [
        violation
        for user in FEATURES
        for other in FEATURES
        if other != user
        for violation in _violations(f"core.{user}", f"core.{other}")
        # `core.welcome.text` (or a name in it) is a module of the package, not the package
        if _module_of_package(violation.split(" -> ")[1])
    ]
    assert wrong == []


def test_storage_and_channels_never_import_the_wiring_or_the_cli() -> None:
    for lower in ("adapters.storage", "adapters.channels"):
        assert _violations(lower, "adapters.runtime") == []
        assert _violations(lower, "adapters.cli") == []
    assert _violations("adapters.storage", "adapters.channels") == []


def test_a_channel_imports_no_other_and_only_the_wiring_builds_telegram_and_matrix() -> None:
    for channel in CHANNELS:
        for other in CHANNELS:
            if other != channel:
                mine, theirs = f"adapters.channels.{channel}", f"adapters.channels.{other}"
                assert _violations(mine, theirs) == []
    for channel in ("telegram", "matrix"):
        importers = {
            v.split(" -> ")[0].rsplit(".", 1)[0]
            for v in _violations("adapters", f"adapters.channels.{channel}")
        }
        outside = {m for m in importers if not m.startswith(f"adapters.channels.{channel}")}
        assert outside <= {"adapters.runtime"}, outside


def test_only_the_cli_imports_the_wiring() -> None:
    importers = {
        module
        for module, names in IMPORTS.items()
        if not module.startswith(("adapters.runtime", "adapters.cli"))
        and any(n.startswith("adapters.runtime") for n in names)
    }
    assert importers == set()
