-- whether the starter plan may offer a room (a room moderator's `/settings suggest off`)
ALTER TABLE rooms ADD COLUMN suggested INTEGER NOT NULL DEFAULT 1;

-- the invite link the bot created for a Telegram group, reused by every plan that offers it
CREATE TABLE telegram_invite_links (
    chat_id     TEXT PRIMARY KEY,
    link        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
