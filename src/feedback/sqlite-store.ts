/**
 * FeedbackStore on SQLite (better-sqlite3 12): one file, WAL journal, versioned migrations, statements prepared
 * once. Synchronous by design: better-sqlite3 calls take microseconds, far less than the hook call around them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackItem, FeedbackStore, IssuedCard, OutcomeSummaryRow } from './types';
import { MIGRATIONS, type Migration } from './migrations';
import { toInstant } from './instant';

export interface SqliteFeedbackStoreOptions {
  /** Database file; null = in-memory (development and tests only: nothing survives a restart). */
  readonly file: string | null;
  /** Open without writing (the summary CLI): no directory is created and no migration runs. */
  readonly readonly?: boolean;
  /** Time stamps migrations and readiness probes. */
  readonly clock?: () => Date;
  /** The schema history; tests pass a longer list to prove only new migrations run. */
  readonly migrations?: readonly Migration[];
  /**
   * Issued cards are queued and written in one transaction per batch (one per hook call cost ≈ 0.15 ms on the
   * request path): the queue is flushed after `flushAfterMs` (default 25), once it holds `flushAtCards` cards
   * (default 200), and before anything reads or closes the database. 0 writes every call immediately.
   */
  readonly flushAfterMs?: number;
  readonly flushAtCards?: number;
  /** A batch written from the timer failed (the request that issued the cards has long been answered). */
  readonly onFlushError?: (error: unknown, lostCards: number) => void;
}

interface IssuedCardRow {
  readonly uuid: string;
  readonly serviceId: string;
  readonly hook: string;
  readonly adviceCode: string;
  readonly indicator: string;
  readonly suggestionUuids: string;
  readonly issuedAt: string;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly appliedAt: string;
}

/** The file is missing, is not a feedback database, or was written by a newer version of the service. */
export class FeedbackStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedbackStoreError';
  }
}

/** Key under which overrides without a reason code are counted in `overriddenByReason`. */
export const NO_REASON = '(no reason)';

interface SummaryCountRow { serviceId: string; adviceCode: string; issued: number; accepted: number; overridden: number }
interface BreakdownRow { serviceId: string; adviceCode: string; key: string; cards: number }
interface Range { from: string | null; to: string | null }

// A card's outcome: accepted if any feedback accepted it, else overridden if any feedback overrode it, else no
// response. So issued = accepted + overridden + noResponse, whatever the client re-sends.
const CARDS_IN_RANGE = `(@from IS NULL OR c.issued_at >= @from) AND (@to IS NULL OR c.issued_at < @to)`;
const SUMMARY_SQL = `
  WITH per_card AS (
    SELECT c.uuid, c.service_id, c.advice_code,
           COALESCE(MAX(f.outcome = 'accepted'), 0)   AS any_accepted,
           COALESCE(MAX(f.outcome = 'overridden'), 0) AS any_overridden
    FROM issued_cards c LEFT JOIN feedback f ON f.card_uuid = c.uuid
    WHERE ${CARDS_IN_RANGE}
    GROUP BY c.uuid, c.service_id, c.advice_code
  )
  SELECT service_id AS serviceId, advice_code AS adviceCode, COUNT(*) AS issued,
         SUM(any_accepted) AS accepted,
         SUM(CASE WHEN any_accepted = 0 AND any_overridden = 1 THEN 1 ELSE 0 END) AS overridden
  FROM per_card GROUP BY service_id, advice_code ORDER BY service_id, advice_code`;
const BY_SUGGESTION_SQL = `
  SELECT c.service_id AS serviceId, c.advice_code AS adviceCode, s.value AS key, COUNT(DISTINCT c.uuid) AS cards
  FROM issued_cards c
  JOIN feedback f ON f.card_uuid = c.uuid AND f.outcome = 'accepted'
  JOIN json_each(f.accepted_suggestions) s
  WHERE ${CARDS_IN_RANGE}
  GROUP BY 1, 2, 3`;
const BY_REASON_SQL = `
  SELECT c.service_id AS serviceId, c.advice_code AS adviceCode, COALESCE(f.reason_code, '${NO_REASON}') AS key,
         COUNT(DISTINCT c.uuid) AS cards
  FROM issued_cards c
  JOIN feedback f ON f.card_uuid = c.uuid AND f.outcome = 'overridden'
  WHERE ${CARDS_IN_RANGE}
    AND NOT EXISTS (SELECT 1 FROM feedback a WHERE a.card_uuid = c.uuid AND a.outcome = 'accepted')
  GROUP BY 1, 2, 3`;
const UNKNOWN_CARD_SQL = `
  SELECT COUNT(*) AS n FROM feedback f
  WHERE NOT EXISTS (SELECT 1 FROM issued_cards c WHERE c.uuid = f.card_uuid)
    AND (@from IS NULL OR f.received_at >= @from) AND (@to IS NULL OR f.received_at < @to)`;

function normalisedInstant(text: string, what: string): string {
  const instant = toInstant(text);
  if (instant === null) throw new FeedbackStoreError(`${what} is not an ISO date-time with a zone`);
  return instant;
}

/** Same item sent twice ⇒ same key (CDS Hooks 2.0 §Feedback: "may receive feedback … multiple times"). */
function idempotencyKey(serviceId: string, item: FeedbackItem, outcomeAt: string, suggestions: readonly string[]): string {
  const reason = item.overrideReason;
  const natural = [serviceId, item.card, item.outcome, outcomeAt, suggestions, reason?.reason?.system ?? null,
    reason?.reason?.code ?? null, reason?.userComment ?? null];
  return createHash('sha256').update(JSON.stringify(natural)).digest('hex');
}

function groupBreakdown(rows: readonly BreakdownRow[]): Map<string, Record<string, number>> {
  const grouped = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const id = JSON.stringify([row.serviceId, row.adviceCode]);
    const counts = grouped.get(id) ?? {};
    counts[row.key] = row.cards;
    grouped.set(id, counts);
  }
  return grouped;
}

export class SqliteFeedbackStore implements FeedbackStore {
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly statements: {
    insertCard: Database.Statement;
    insertFeedback: Database.Statement;
    summary: Database.Statement;
    bySuggestion: Database.Statement;
    byReason: Database.Statement;
    unknownCards: Database.Statement;
    probe: Database.Statement;
  };
  private readonly insertCards: (rows: readonly IssuedCardRow[]) => void;
  private readonly flushAfterMs: number;
  private readonly flushAtCards: number;
  private readonly onFlushError: (error: unknown, lostCards: number) => void;
  private pending: IssuedCardRow[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly insertFeedbackBatch: (serviceId: string, items: readonly FeedbackItem[], receivedAt: string) => number;

  constructor(options: SqliteFeedbackStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.flushAfterMs = options.flushAfterMs ?? 25;
    this.flushAtCards = options.flushAtCards ?? 200;
    this.onFlushError = options.onFlushError ?? (() => undefined);
    const readonly = options.readonly === true;
    const file = options.file ?? ':memory:';
    try {
      if (file !== ':memory:' && !readonly) mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file, { readonly, fileMustExist: readonly });
    } catch (err) {
      throw new FeedbackStoreError(`cannot open feedback database ${file}`, { cause: err });
    }
    try {
      this.db.pragma('busy_timeout = 5000');
      if (!readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL'); // WAL + NORMAL: durable across process crashes, fast commits
      }
      this.migrate(options.migrations ?? MIGRATIONS, readonly);
      this.statements = {
        insertCard: this.db.prepare(`INSERT OR IGNORE INTO issued_cards
          (uuid, service_id, hook, advice_code, indicator, suggestion_uuids, issued_at)
          VALUES (@uuid, @serviceId, @hook, @adviceCode, @indicator, @suggestionUuids, @issuedAt)`),
        insertFeedback: this.db.prepare(`INSERT OR IGNORE INTO feedback
          (idempotency_key, card_uuid, service_id, outcome, accepted_suggestions, reason_code, reason_system,
           reason_display, user_comment, outcome_at, received_at)
          VALUES (@key, @card, @serviceId, @outcome, @suggestions, @reasonCode, @reasonSystem, @reasonDisplay,
           @userComment, @outcomeAt, @receivedAt)`),
        summary: this.db.prepare(SUMMARY_SQL),
        bySuggestion: this.db.prepare(BY_SUGGESTION_SQL),
        byReason: this.db.prepare(BY_REASON_SQL),
        unknownCards: this.db.prepare(UNKNOWN_CARD_SQL),
        probe: this.db.prepare('UPDATE readiness_probe SET probed_at = ? WHERE id = 1'),
      };
    } catch (err) {
      this.db.close();
      if (err instanceof FeedbackStoreError) throw err;
      throw new FeedbackStoreError(`${file} is not a usable feedback database`, { cause: err });
    }

    this.insertCards = this.db.transaction((rows: readonly IssuedCardRow[]) => {
      for (const row of rows) this.statements.insertCard.run(row);
    });
    this.insertFeedbackBatch = this.db.transaction((serviceId: string, items: readonly FeedbackItem[], receivedAt: string) => {
      let inserted = 0;
      for (const item of items) {
        const outcomeAt = normalisedInstant(item.outcomeTimestamp, 'outcomeTimestamp');
        const suggestions = (item.acceptedSuggestions ?? []).map((s) => s.id).sort();
        const reason = item.overrideReason?.reason;
        const result = this.statements.insertFeedback.run({
          key: idempotencyKey(serviceId, item, outcomeAt, suggestions),
          card: item.card,
          serviceId,
          outcome: item.outcome,
          suggestions: JSON.stringify(suggestions),
          reasonCode: reason?.code ?? null,
          reasonSystem: reason?.system ?? null,
          reasonDisplay: reason?.display ?? null,
          userComment: item.overrideReason?.userComment ?? null,
          outcomeAt,
          receivedAt: normalisedInstant(receivedAt, 'receivedAt'),
        });
        inserted += result.changes;
      }
      return inserted;
    });
  }

  /** Validated now (a bad time stamp throws to the caller); written with the next batch. */
  recordIssued(cards: readonly IssuedCard[]): void {
    if (!this.db.open || this.db.readonly) throw new FeedbackStoreError('the feedback database is closed or read-only');
    const rows = cards.map((card): IssuedCardRow => ({
      uuid: card.uuid,
      serviceId: card.serviceId,
      hook: card.hook,
      adviceCode: card.adviceCode,
      indicator: card.indicator,
      suggestionUuids: JSON.stringify(card.suggestionUuids),
      issuedAt: normalisedInstant(card.issuedAt, 'issuedAt'),
    }));
    if (this.flushAfterMs <= 0) {
      this.insertCards(rows);
      return;
    }
    this.pending.push(...rows);
    if (this.pending.length >= this.flushAtCards) this.flush();
    else if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => this.flushInBackground(), this.flushAfterMs);
      // The queue never keeps the process alive: close() (shutdown) flushes what is left.
      this.flushTimer.unref();
    }
  }

  /** Write the queued issued cards now (one transaction). Throws if the write fails; the batch is then dropped. */
  flush(): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.insertCards(rows);
  }

  private flushInBackground(): void {
    const queued = this.pending.length;
    try {
      this.flush();
    } catch (err) {
      this.onFlushError(err, queued);
    }
  }

  recordFeedback(serviceId: string, items: readonly FeedbackItem[], receivedAt: string): number {
    this.flush(); // feedback on a card issued a moment ago finds the card stored
    return this.insertFeedbackBatch(serviceId, items, receivedAt);
  }

  summary(range: { readonly from?: string; readonly to?: string }): {
    readonly rows: readonly OutcomeSummaryRow[];
    readonly unknownCardFeedback: number;
  } {
    this.flush();
    const params: Range = {
      from: range.from === undefined ? null : normalisedInstant(range.from, 'from'),
      to: range.to === undefined ? null : normalisedInstant(range.to, 'to'),
    };
    const counts = this.statements.summary.all(params) as SummaryCountRow[];
    const bySuggestion = groupBreakdown(this.statements.bySuggestion.all(params) as BreakdownRow[]);
    const byReason = groupBreakdown(this.statements.byReason.all(params) as BreakdownRow[]);
    const rows = counts.map((row): OutcomeSummaryRow => {
      const id = JSON.stringify([row.serviceId, row.adviceCode]);
      return {
        serviceId: row.serviceId,
        adviceCode: row.adviceCode,
        issued: row.issued,
        accepted: row.accepted,
        acceptedBySuggestion: bySuggestion.get(id) ?? {},
        overridden: row.overridden,
        overriddenByReason: byReason.get(id) ?? {},
        noResponse: row.issued - row.accepted - row.overridden,
      };
    });
    const unknown = this.statements.unknownCards.get(params) as { n: number };
    return { rows, unknownCardFeedback: unknown.n };
  }

  /** Really writes (then rolls back): a read-only file, a full disk or a closed handle all answer false. */
  isWritable(): boolean {
    if (!this.db.open || this.db.readonly) return false;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.statements.probe.run(this.clock().toISOString());
      } finally {
        this.db.exec('ROLLBACK');
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Migrations recorded in this database, oldest first. */
  appliedMigrations(): readonly AppliedMigration[] {
    return this.db
      .prepare('SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version')
      .all() as AppliedMigration[];
  }

  /** Writes what is queued, then closes (shutdown: nothing issued is lost). */
  close(): void {
    if (!this.db.open) return;
    try {
      if (!this.db.readonly) this.flush();
    } finally {
      this.db.close();
    }
  }

  private migrate(migrations: readonly Migration[], readonly: boolean): void {
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (readonly) {
      const current = this.currentVersion();
      if (current !== latest) {
        throw new FeedbackStoreError(`feedback database schema is at version ${current}, this service expects ${latest}`);
      }
      return;
    }
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const current = this.currentVersion();
    if (current > latest) {
      throw new FeedbackStoreError(`feedback database schema is at version ${current}, newer than this service (${latest})`);
    }
    const record = this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        record.run(migration.version, migration.name, this.clock().toISOString());
      })();
    }
  }

  private currentVersion(): number {
    const table = this.db
      .prepare("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (table === undefined) return 0;
    const row = this.db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
    return row.version ?? 0;
  }
}
