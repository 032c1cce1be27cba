-- Telegram adapter state (first start, so updates from before it are dropped as history)
CREATE TABLE telegram_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
