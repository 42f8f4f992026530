-- Schema 4: the tamper-evident chain (see src/chain.rs, which writes and checks it).
-- One entry per record, amendment and tick as written, and per purge, in the order they
-- happened; each holds the SHA-256 of its row's canonical content and of the entry
-- before. `chain_sha256(...)` is registered by the app on every connection.

CREATE TABLE chain (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT    NOT NULL CHECK (kind IN ('record', 'amendment', 'tick', 'purge')),
    record_id INTEGER NOT NULL,
    entry_id  INTEGER NOT NULL,
    content   BLOB    NOT NULL CHECK (length(content) = 32),
    prev      BLOB    NOT NULL CHECK (length(prev) = 32),
    hash      BLOB    NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX chain_entry ON chain (kind, entry_id, seq);

-- Rows written before this schema join the chain in the order they were written, as
-- far as their times tell: a record before its ticks and amendments of the same
-- millisecond. Each record has one entry, holding its row as it is now. The content
-- expressions are src/chain.rs's CONTENT, copied.
INSERT INTO chain (seq, kind, record_id, entry_id, content, prev, hash)
SELECT row_number() OVER (ORDER BY at_ms, rank, entry_id), kind, record_id, entry_id, content, zeroblob(32), zeroblob(32)
  FROM (
    SELECT x.created_ms AS at_ms, 0 AS rank, 'record' AS kind, x.id AS record_id, x.id AS entry_id,
           chain_sha256('record', x.id, x.reference, x.agency, x.pack_name, x.pack_version,
                x.created_ms, x.updated_ms, x.referral_date, x.referral_to, x.referral_ms,
                b.local_packs, b.walk, b.outcomes, b.outcome_titles, b.contacts, b.notes,
                (SELECT json_group_array(json_array(d.outcome_id, d.due, d.deadline) ORDER BY d.outcome_id)
                   FROM record_actions d WHERE d.record_id = x.id)) AS content
      FROM records x LEFT JOIN record_bodies b ON b.record_id = x.id
    UNION ALL
    SELECT x.at_ms, 1, 'tick', x.record_id, x.id,
           chain_sha256('tick', x.id, x.record_id, x.outcome_id, x.ticked, x.at_ms)
      FROM ticks x
    UNION ALL
    SELECT x.at_ms, 2, 'amendment', x.record_id, x.id,
           chain_sha256('amendment', x.id, x.record_id, x.at_ms, x.kind, x.text)
      FROM amendments x
  );

-- Then the links, first to last.
WITH RECURSIVE link (seq, prev, hash) AS (
    SELECT 0, NULL, zeroblob(32)
    UNION ALL
    SELECT c.seq, l.hash, chain_sha256(l.hash, c.seq, c.kind, c.record_id, c.entry_id, c.content)
      FROM link l JOIN chain c ON c.seq = l.seq + 1
)
UPDATE chain SET prev = link.prev, hash = link.hash FROM link WHERE link.seq = chain.seq;

-- From here on the app only appends; a purge adds an entry and removes none.
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN
    SELECT RAISE(ABORT, 'the chain is append-only');
END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN
    SELECT RAISE(ABORT, 'the chain is append-only');
END;
