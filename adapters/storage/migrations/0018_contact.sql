-- /kontakt: messages passed on to the moderators (never their text) and the bot's posts of
-- them, so a moderator's reply finds its way back to the person's private chat
CREATE TABLE contacts (
    contact_id  TEXT PRIMARY KEY,
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    lang        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX contacts_by_person ON contacts (platform, user_id, created_at);
CREATE INDEX contacts_by_age ON contacts (created_at);

CREATE TABLE contact_posts (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    contact_id  TEXT NOT NULL REFERENCES contacts (contact_id) ON DELETE CASCADE,
    PRIMARY KEY (platform, chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX contact_posts_by_contact ON contact_posts (contact_id);
