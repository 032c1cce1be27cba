"""Every text key the code asks for exists in content, in German and English."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.runtime.bootstrap import load_checked_content
from adapters.runtime.settings import BUNDLED_CONTENT

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""\b(?:t|reply|text|get)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def keys_used_in_code() -> dict[str, str]:
    used: dict[str, str] = {}
    for folder in ("core", "adapters"):
        for path in (ROOT / folder).rglob("*.py"):
            for match in KEY_CALL.finditer(path.read_text(encoding="utf-8")):
                used.setdefault(match.group(1), str(path.relative_to(ROOT)))
    return used


def test_every_key_used_in_code_exists() -> None:
    texts = load_checked_content(BUNDLED_CONTENT).texts
    used = keys_used_in_code()
    assert "common.moderators_only" in used, "the scan finds the keys the code uses"
    missing = {key: where for key, where in used.items() if key not in texts}
    assert not missing, f"text keys used in code but missing in content/texts: {missing}"
