-- whether a person chose their language (/language) or the bot took it from how they write:
-- only a chosen language stays when they write in another one. Languages stored before were
-- all chosen.
ALTER TABLE people ADD COLUMN language_chosen INTEGER NOT NULL DEFAULT 0;
UPDATE people SET language_chosen = 1 WHERE language IS NOT NULL;
