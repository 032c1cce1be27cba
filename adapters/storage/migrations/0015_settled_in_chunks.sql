-- subscribers of an announcement written as targets chunk by chunk: the people rowid reached so far
ALTER TABLE announcements ADD COLUMN settle_after INTEGER;
CREATE INDEX people_subscribed ON people (subscribed);
