/**
 * Versioned schema of the feedback database. Each migration runs once, in its own transaction, and is recorded in
 * `schema_migrations`; a migration already recorded is never run again. Append new migrations; never edit old ones.
 *
 * What is stored (issue 6): card uuids, service ids, hooks, advice codes, indicators, suggestion uuids, times, and
 * the clinician's feedback. No patient identifiers and no FHIR resource contents. The override `userComment` is
 * kept because informatics teams tune the rules from it; it is clinician free text, so it is never logged and
 * never returned by the summary (see README.md in this folder).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'issued cards and feedback',
    sql: `
      CREATE TABLE issued_cards (
        uuid             TEXT PRIMARY KEY,
        service_id       TEXT NOT NULL,
        hook             TEXT NOT NULL,
        advice_code      TEXT NOT NULL,
        indicator        TEXT NOT NULL,
        suggestion_uuids TEXT NOT NULL,   -- JSON array of strings
        issued_at        TEXT NOT NULL    -- ISO instant, UTC, millisecond precision (sortable as text)
      );
      CREATE INDEX issued_cards_issued_at ON issued_cards (issued_at);

      CREATE TABLE feedback (
        id                   INTEGER PRIMARY KEY,
        idempotency_key      TEXT NOT NULL,
        card_uuid            TEXT NOT NULL,
        service_id           TEXT NOT NULL,
        outcome              TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
        accepted_suggestions TEXT NOT NULL,   -- JSON array of suggestion uuids, sorted
        reason_code          TEXT,
        reason_system        TEXT,
        reason_display       TEXT,
        user_comment         TEXT,
        outcome_at           TEXT NOT NULL,   -- outcomeTimestamp normalised to an ISO instant, UTC
        received_at          TEXT NOT NULL
      );
      CREATE UNIQUE INDEX feedback_idempotency_key ON feedback (idempotency_key);
      CREATE INDEX feedback_card_uuid ON feedback (card_uuid);

      -- One row that readiness writes to (inside a rolled-back transaction) to prove the file is writable.
      CREATE TABLE readiness_probe (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT);
      INSERT INTO readiness_probe (id, probed_at) VALUES (1, NULL);
    `,
  },
];
