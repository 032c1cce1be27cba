-- unanswered private questions: text only, no person and no room, with a count
CREATE TABLE unanswered_questions (
    question_key  TEXT PRIMARY KEY,
    text          TEXT NOT NULL,
    lang          TEXT NOT NULL,
    count         INTEGER NOT NULL DEFAULT 1,
    first_asked   TEXT NOT NULL,
    last_asked    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX unanswered_by_count ON unanswered_questions (count DESC, last_asked DESC);
