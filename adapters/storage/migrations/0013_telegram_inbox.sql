-- Telegram updates received and not yet answered: journalled before Telegram is told to drop them, replayed at start
CREATE TABLE telegram_inbox (
    update_id    INTEGER PRIMARY KEY,
    platform     TEXT NOT NULL DEFAULT 'telegram',
    user_id      TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL
);
