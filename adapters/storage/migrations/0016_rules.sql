-- a room's own rules (NULL: the community's rules from content)
ALTER TABLE rooms ADD COLUMN rules_text TEXT;
