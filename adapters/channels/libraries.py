"""Importing a platform library without the optional extras it loads whenever they are installed.

python-telegram-bot imports tornado for a webhook server of its own (ours is in
`telegram/webhook.py`, which imports tornado itself when a webhook is configured);
pycryptodome, under matrix-nio, loads cffi and its C parser where ctypes serves as well. Hidden
while the library is imported, each takes the path it takes when the extra is not installed;
afterwards the extra can be imported as usual.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

TELEGRAM_EXTRAS = ("tornado",)
MATRIX_EXTRAS = ("cffi",)


def import_without(module: str, extras: tuple[str, ...]) -> ModuleType:
    """Import `module` while the `extras` not yet imported look absent."""
    hidden = [name for name in extras if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "not installed" to importers
    try:
        return importlib.import_module(module)
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
