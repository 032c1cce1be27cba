-- /kontakt: messages passed on to the moderators (never their text) and the bot's posts of
-- them, so a moderator's reply finds its way back to the person's private chat.
-- chat_id and lang are the way back; they are cleared once the answer went out, and the row
-- stays (user id and times only) for the daily limit.
CREATE TABLE contact_requests (
    request_id   TEXT PRIMARY KEY,
    platform     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    chat_id      TEXT,
    lang         TEXT,
    created_at   TEXT NOT NULL,
    answered_at  TEXT
) WITHOUT ROWID;
CREATE INDEX contact_requests_by_person ON contact_requests (platform, user_id, created_at);
CREATE INDEX contact_requests_by_age ON contact_requests (created_at);

-- recipient: the moderator whose private chat the post went to (NULL: the moderators' room)
CREATE TABLE contact_posts (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    request_id  TEXT REFERENCES contact_requests (request_id) ON DELETE SET NULL,
    recipient   TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX contact_posts_by_request ON contact_posts (request_id);
CREATE INDEX contact_posts_by_age ON contact_posts (created_at);
CREATE INDEX contact_posts_by_recipient ON contact_posts (platform, recipient);
