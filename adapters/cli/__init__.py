"""The `lagerfeuer` command line and the tools built on the core."""
