-- Matrix messages waiting for their room key (adapters/channels/matrix/waiting.py): only where
-- they are, never their content, so a restart before the key comes still answers them; gone
-- once read or after ten minutes
CREATE TABLE matrix_key_waits (
    event_id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL,
    since TEXT NOT NULL
);
