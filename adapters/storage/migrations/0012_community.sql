-- rooms of the community, community moderators named in the chat, who wrote an announcement, whose choices a room's are, unanswered questions masked
ALTER TABLE rooms ADD COLUMN community INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN modroom INTEGER NOT NULL DEFAULT 0;
-- Rooms the bot is in from before there were rooms of the community keep working; the README
-- says how to review them (`lagerfeuer rooms`). New rooms wait for a community moderator.
UPDATE rooms SET community = 1 WHERE active = 1;

CREATE TABLE community_moderators (
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    named_at    TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
) WITHOUT ROWID;

-- Announcements written before this have no author: only community moderators list and cancel them.
ALTER TABLE announcements ADD COLUMN author_platform TEXT;
ALTER TABLE announcements ADD COLUMN author_id TEXT;
CREATE INDEX announcements_by_author ON announcements (author_platform, author_id);

CREATE TABLE room_offers (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    offered     TEXT NOT NULL,
    offered_at  TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;
CREATE INDEX room_offers_by_user ON room_offers (platform, user_id);

-- Unanswered questions were kept without masking e-mail addresses, phone numbers and street
-- addresses: they are deleted; the ones asked from now on are masked before they are stored.
DELETE FROM unanswered_questions;
CREATE INDEX unanswered_by_age ON unanswered_questions (first_asked);
