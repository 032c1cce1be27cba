"""SQLite storage behind the core's store ports."""
