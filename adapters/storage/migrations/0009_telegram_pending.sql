-- Telegram buttons that outlive a restart: choice values too long for a button, held anonymous-administrator commands
CREATE TABLE telegram_pending (
    platform    TEXT NOT NULL DEFAULT 'telegram',
    chat_id     TEXT NOT NULL,
    token       TEXT NOT NULL,
    value       TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, token)
) WITHOUT ROWID;
CREATE INDEX telegram_pending_by_expiry ON telegram_pending (expires_at);
