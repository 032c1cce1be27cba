"""The terminal chat and its announcement sender."""
