-- Schema 3: when each of a record's actions was due (contract version 2, "When each
-- outcome is due"). One row per action of a record saved from this schema on:
--   due       the pack's word when saved: 'now', 'working-days:N', 'days:N' or 'none';
--   deadline  the time it was due by, worked out when the record was saved from the
--             app's clock and the local pack's working days, in the practitioner's
--             local time as 'YYYY-MM-DDTHH:MM:SS' (fixed width, so text order is time
--             order); NULL for 'none'.
-- Records saved before this schema have no rows: their due times were never recorded,
-- and are not guessed now (the pack may have changed since).

CREATE TABLE record_actions (
    record_id  INTEGER NOT NULL REFERENCES records (id),
    outcome_id TEXT    NOT NULL,
    due        TEXT    NOT NULL,
    deadline   TEXT,
    PRIMARY KEY (record_id, outcome_id)
) WITHOUT ROWID;

-- "Which actions are past their deadline?" reads only the rows past it.
CREATE INDEX record_actions_deadline ON record_actions (deadline) WHERE deadline IS NOT NULL;

-- What was due, and by when, stays as it was worked out when saved.
CREATE TRIGGER record_actions_as_saved BEFORE UPDATE ON record_actions
BEGIN
    SELECT RAISE(ABORT, 'due times are kept as saved');
END;
