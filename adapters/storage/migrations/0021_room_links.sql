-- the deep-link payload naming each room (core/kernel/deeplinks.py), indexed, so a newcomer's
-- /start r_… finds its room without reading every room
ALTER TABLE rooms ADD COLUMN link TEXT;
UPDATE rooms SET link = room_link(platform, chat_id);
CREATE INDEX rooms_by_link ON rooms (link);
