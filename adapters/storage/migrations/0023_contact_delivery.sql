-- /kontakt: how many posts stand for a message and how many of them the platforms refused, so
-- the person hears when nobody of the team could be reached
ALTER TABLE contact_requests ADD COLUMN posts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contact_requests ADD COLUMN undelivered INTEGER NOT NULL DEFAULT 0;
