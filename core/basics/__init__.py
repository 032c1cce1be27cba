"""The commands every assistant has, flood protection and the retention job."""

from core.basics.menu import main_menu

__all__ = ["main_menu"]
