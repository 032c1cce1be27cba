-- announcements and their delivery targets (the durable outbox); subscribers' private chats
CREATE TABLE announcements (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    text            TEXT NOT NULL,
    html            TEXT,
    pin             INTEGER NOT NULL DEFAULT 0,
    audience        TEXT NOT NULL,
    origin_platform TEXT,
    origin_chat_id  TEXT,
    origin_thread   TEXT,
    origin_private  INTEGER NOT NULL DEFAULT 0,
    lang            TEXT NOT NULL DEFAULT 'de',
    created_at      TEXT NOT NULL,
    send_at         TEXT NOT NULL,
    state           TEXT NOT NULL,
    late            INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT,
    finished_at     TEXT,
    reported        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX announcements_by_state ON announcements (state, send_at);

CREATE TABLE announcement_targets (
    announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    thread_id       TEXT,
    is_private      INTEGER NOT NULL DEFAULT 0,
    user_id         TEXT,
    title           TEXT NOT NULL DEFAULT '',
    send_key        TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_at     TEXT NOT NULL,
    interrupted     INTEGER NOT NULL DEFAULT 0,
    message_id      TEXT,
    reason          TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (announcement_id, platform, chat_id)
);
CREATE INDEX announcement_targets_due ON announcement_targets (state, platform, next_try_at);
CREATE INDEX announcement_targets_by_user ON announcement_targets (platform, user_id);

CREATE TABLE private_chats (
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;
