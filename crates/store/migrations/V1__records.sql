-- Schema 1: the records, their amendments and their ticked actions.
-- Times are UTC milliseconds since 1970 (fixed width sorts and compares cheaply);
-- lists are JSON text (they are read whole, never queried inside).

-- One narrow row per record: what the list shows. Listing and searching 10,000
-- records then reads a few hundred pages, not the bodies' thousands.
CREATE TABLE records (
    -- AUTOINCREMENT: an id is never reused after a purge, since exports name ids.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    reference     TEXT    NOT NULL,
    agency        TEXT    NOT NULL,
    pack_name     TEXT    NOT NULL,
    pack_version  TEXT    NOT NULL,
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL,
    referral_date TEXT,
    referral_to   TEXT,
    referral_ms   INTEGER
);
CREATE INDEX records_updated ON records (updated_ms);

-- The rest of a record, read when one record is opened.
CREATE TABLE record_bodies (
    record_id      INTEGER PRIMARY KEY REFERENCES records (id),
    local_packs    TEXT NOT NULL DEFAULT '[]',
    walk           TEXT NOT NULL,
    outcomes       TEXT NOT NULL,
    outcome_titles TEXT NOT NULL DEFAULT '{}',
    contacts       TEXT NOT NULL,
    notes          TEXT NOT NULL
);

-- Amendments are appended and never changed: what was written stays as written.
CREATE TABLE amendments (
    id        INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES records (id),
    at_ms     INTEGER NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('note', 'referral')),
    text      TEXT    NOT NULL
);
CREATE INDEX amendments_record ON amendments (record_id, id);
CREATE TRIGGER amendments_append_only BEFORE UPDATE ON amendments
BEGIN
    SELECT RAISE(ABORT, 'amendments are append-only');
END;

-- Each tick or untick of an action, with its time; the latest per outcome is the state.
CREATE TABLE ticks (
    id         INTEGER PRIMARY KEY,
    record_id  INTEGER NOT NULL REFERENCES records (id),
    outcome_id TEXT    NOT NULL,
    ticked     INTEGER NOT NULL CHECK (ticked IN (0, 1)),
    at_ms      INTEGER NOT NULL
);
CREATE INDEX ticks_record ON ticks (record_id, id);
CREATE TRIGGER ticks_append_only BEFORE UPDATE ON ticks
BEGIN
    SELECT RAISE(ABORT, 'ticks are append-only');
END;
