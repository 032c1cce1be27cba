-- answers of finished onboarding flows (deleted after 180 idle days, and by /forget)
CREATE TABLE flow_answers (
    platform    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    flow        TEXT NOT NULL,
    answers     TEXT NOT NULL DEFAULT '{}',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (platform, user_id, flow)
);
CREATE INDEX flow_answers_by_age ON flow_answers (updated_at);
