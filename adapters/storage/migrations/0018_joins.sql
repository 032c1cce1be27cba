-- rules to confirm and join requests to answer (core/rules): room switches, who confirmed,
-- who still gets one reminder, and the join requests waiting for a confirmation
ALTER TABLE rooms ADD COLUMN rules_confirm INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN join_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN join_request_hours INTEGER NOT NULL DEFAULT 24;

CREATE TABLE rules_confirmed (
    platform      TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    confirmed_at  TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);
CREATE INDEX rules_confirmed_by_user ON rules_confirmed (platform, user_id);

CREATE TABLE rules_reminders (
    platform      TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    remind_at     TEXT NOT NULL,
    reminded      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (platform, chat_id, user_id)
);
CREATE INDEX rules_reminders_by_user ON rules_reminders (platform, user_id);
CREATE INDEX rules_reminders_due ON rules_reminders (reminded, remind_at);

CREATE TABLE join_requests (
    platform      TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    private_chat  TEXT NOT NULL,
    language      TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    decline_at    TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, user_id)
);
CREATE INDEX join_requests_by_user ON join_requests (platform, user_id);
CREATE INDEX join_requests_due ON join_requests (decline_at);
