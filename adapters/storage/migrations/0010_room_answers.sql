-- when each room last got an unprompted answer, so the cooldown outlives a restart
CREATE TABLE room_answers (
    platform     TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;
