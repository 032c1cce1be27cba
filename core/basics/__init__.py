"""The commands every assistant has, flood protection and the retention job."""

from core.basics import care, flood, menu, retention
from core.basics.menu import main_menu
from core.kernel.assistant import Deps, Registry


def install(registry: Registry, deps: Deps) -> None:
    """Register the basic commands, the crisis reply, the flood guard, the hourly clean-up."""
    menu.install(registry, deps)
    care.install(registry, deps)
    flood.install(registry, deps)
    retention.install(registry, deps)


__all__ = ["install", "main_menu"]
