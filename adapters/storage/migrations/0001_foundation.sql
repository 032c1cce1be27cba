-- people, open dialogues, rooms and handled event ids
CREATE TABLE people (
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    language    TEXT,
    subscribed  INTEGER NOT NULL DEFAULT 0,
    came_from   TEXT,
    last_seen   TEXT,
    PRIMARY KEY (platform, user_id)
);

CREATE TABLE conversations (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    kind        TEXT,
    step        TEXT,
    data        TEXT NOT NULL DEFAULT '{}',
    offered     TEXT NOT NULL DEFAULT '[]',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);
CREATE INDEX conversations_by_user ON conversations (platform, user_id);
CREATE INDEX conversations_by_age ON conversations (updated_at);

CREATE TABLE rooms (
    platform                 TEXT NOT NULL,
    chat_id                  TEXT NOT NULL,
    title                    TEXT NOT NULL DEFAULT '',
    language                 TEXT,
    welcome_enabled          INTEGER NOT NULL DEFAULT 1,
    welcome_text             TEXT,
    delete_previous_welcome  INTEGER NOT NULL DEFAULT 1,
    unprompted_answers       INTEGER NOT NULL DEFAULT 1,
    welcome_topic            TEXT,
    tags                     TEXT NOT NULL DEFAULT '[]',
    receives_all             INTEGER NOT NULL DEFAULT 1,
    active                   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (platform, chat_id)
);

CREATE TABLE processed_events (
    event_id    TEXT PRIMARY KEY,
    handled_at  TEXT NOT NULL DEFAULT (datetime('now'))
) WITHOUT ROWID;
