-- Whether the invite link the bot created for a Telegram group asks to join (the group lets
-- people in only once approved) or lets in at once; a link of the other kind is revoked
ALTER TABLE telegram_invite_links ADD COLUMN creates_join_request INTEGER NOT NULL DEFAULT 0;
