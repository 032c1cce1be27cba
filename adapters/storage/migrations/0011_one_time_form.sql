-- one form for every stored time: UTC, fixed width, YYYY-MM-DDTHH:MM:SS.ffffffZ
-- The form of adapters/storage/db.py's to_db. Times written before as ISO text with an offset
-- (some in local time) or as SQLite's YYYY-MM-DD HH:MM:SS are rewritten to it, so that
-- string order is time order in every comparison. A value that is no time stays as it is.

UPDATE people SET last_seen = CASE
        WHEN last_seen IS NULL OR last_seen LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', last_seen) IS NULL THEN last_seen
        ELSE strftime('%Y-%m-%dT%H:%M:%S', last_seen) || '.'
            || CASE WHEN substr(last_seen, 20, 1) = '.' THEN substr(last_seen, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE conversations SET updated_at = CASE
        WHEN updated_at IS NULL OR updated_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', updated_at) IS NULL THEN updated_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', updated_at) || '.'
            || CASE WHEN substr(updated_at, 20, 1) = '.' THEN substr(updated_at, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE unanswered_questions SET first_asked = CASE
        WHEN first_asked IS NULL OR first_asked LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', first_asked) IS NULL THEN first_asked
        ELSE strftime('%Y-%m-%dT%H:%M:%S', first_asked) || '.'
            || CASE WHEN substr(first_asked, 20, 1) = '.' THEN substr(first_asked, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE unanswered_questions SET last_asked = CASE
        WHEN last_asked IS NULL OR last_asked LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', last_asked) IS NULL THEN last_asked
        ELSE strftime('%Y-%m-%dT%H:%M:%S', last_asked) || '.'
            || CASE WHEN substr(last_asked, 20, 1) = '.' THEN substr(last_asked, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE welcome_seen SET seen_at = CASE
        WHEN seen_at IS NULL OR seen_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', seen_at) IS NULL THEN seen_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', seen_at) || '.'
            || CASE WHEN substr(seen_at, 20, 1) = '.' THEN substr(seen_at, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE welcome_pending SET joined_at = CASE
        WHEN joined_at IS NULL OR joined_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', joined_at) IS NULL THEN joined_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', joined_at) || '.'
            || CASE WHEN substr(joined_at, 20, 1) = '.' THEN substr(joined_at, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE welcome_rooms SET last_welcome_at = CASE
        WHEN last_welcome_at IS NULL OR last_welcome_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', last_welcome_at) IS NULL THEN last_welcome_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', last_welcome_at) || '.'
            || CASE WHEN substr(last_welcome_at, 20, 1) = '.' THEN substr(last_welcome_at, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE flow_answers SET updated_at = CASE
        WHEN updated_at IS NULL OR updated_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', updated_at) IS NULL THEN updated_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', updated_at) || '.'
            || CASE WHEN substr(updated_at, 20, 1) = '.' THEN substr(updated_at, 21, 6) ELSE '000000' END
            || 'Z'
    END;

UPDATE telegram_pending SET expires_at = CASE
        WHEN expires_at IS NULL OR expires_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', expires_at) IS NULL THEN expires_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', expires_at) || '.'
            || CASE WHEN substr(expires_at, 20, 1) = '.' THEN substr(expires_at, 21, 6) ELSE '000000' END
            || 'Z'
    END;

-- handled event ids: rebuilt, so that the database's own default writes the same form
CREATE TABLE processed_events_new (
    event_id    TEXT PRIMARY KEY,
    handled_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z')
) WITHOUT ROWID;

INSERT INTO processed_events_new (event_id, handled_at)
    SELECT event_id, CASE
        WHEN handled_at IS NULL OR handled_at LIKE '%Z' OR strftime('%Y-%m-%dT%H:%M:%S', handled_at) IS NULL THEN handled_at
        ELSE strftime('%Y-%m-%dT%H:%M:%S', handled_at) || '.'
            || CASE WHEN substr(handled_at, 20, 1) = '.' THEN substr(handled_at, 21, 6) ELSE '000000' END
            || 'Z'
    END
    FROM processed_events;

DROP TABLE processed_events;

ALTER TABLE processed_events_new RENAME TO processed_events;
