-- welcome: 30-day rejoin memory, joins waiting for a combined welcome (ids only), each room's pace
CREATE TABLE welcome_seen (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);
CREATE INDEX welcome_seen_by_user ON welcome_seen (platform, user_id);
CREATE INDEX welcome_seen_by_room_time ON welcome_seen (platform, chat_id, seen_at);

CREATE TABLE welcome_pending (
    platform      TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    joined_at     TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);
CREATE INDEX welcome_pending_by_user ON welcome_pending (platform, user_id);

CREATE TABLE welcome_rooms (
    platform         TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    last_message_id  TEXT,
    last_welcome_at  TEXT,
    wave             INTEGER NOT NULL DEFAULT 0,
    posts            TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (platform, chat_id)
);
