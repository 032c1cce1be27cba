-- what community moderators taught in the chat: an overlay on content/ until it is exported
CREATE TABLE taught_phrasings (
    faq_id      TEXT NOT NULL,
    lang        TEXT NOT NULL,
    text        TEXT NOT NULL,
    taught_at   TEXT NOT NULL,
    exported_at TEXT,
    PRIMARY KEY (faq_id, lang, text)
) WITHOUT ROWID;

CREATE TABLE taught_entries (
    id          TEXT PRIMARY KEY,
    lang        TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer_de   TEXT,
    answer_en   TEXT,
    taught_at   TEXT NOT NULL,
    exported_at TEXT
) WITHOUT ROWID;
