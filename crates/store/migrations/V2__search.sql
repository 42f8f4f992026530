-- Schema 2: full-text search over references, notes and amendments (FTS5).
-- The index lives inside the encrypted file like every other table. Its rowid is the
-- record's id; `notes` holds the notes followed by every amendment's text.

CREATE VIRTUAL TABLE record_search USING fts5 (
    reference,
    notes,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- A deleted record's words are removed from the index at once, not at the next
-- merge, so a purge leaves none of them behind (SQLite 3.44+).
INSERT INTO record_search (record_search, rank) VALUES ('secure-delete', 1);

-- Records saved under schema 1 become searchable.
INSERT INTO record_search (rowid, reference, notes)
SELECT r.id,
       r.reference,
       b.notes || coalesce(char(10) || (SELECT group_concat(a.text, char(10))
                                          FROM amendments a
                                         WHERE a.record_id = r.id), '')
  FROM records r
  JOIN record_bodies b ON b.record_id = r.id;
