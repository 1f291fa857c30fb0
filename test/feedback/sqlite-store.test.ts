import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FeedbackStoreError, SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { MIGRATIONS } from '../../src/feedback/migrations';
import { createFeedbackStore } from '../../src/feedback/create-store';
import { testConfig } from '../../src/config';
import { EXPECTED_ALL_TIME, FEEDBACK, ISSUED, PV, accepted, overridden } from './fixtures';

const RECEIVED_AT = '2025-03-02T08:00:00Z';
const fixedClock = (iso: string) => () => new Date(iso);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'feedback-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function loadSequence(store: SqliteFeedbackStore): number[] {
  store.recordIssued(ISSUED);
  return FEEDBACK.map(({ serviceId, items }) => store.recordFeedback(serviceId, items, RECEIVED_AT));
}

describe('SqliteFeedbackStore summary', () => {
  test('a known sequence of cards and feedback gives the expected counts per service and advice code', () => {
    const store = new SqliteFeedbackStore({ file: null });
    const newCounts = loadSequence(store);
    // The second call re-sends an item already stored: nothing new.
    expect(newCounts).toEqual([2, 0, 2, 2, 1, 1]);
    expect(store.summary({})).toEqual(EXPECTED_ALL_TIME);
    store.close();
  });

  test('the range selects cards by issue time (from inclusive, to exclusive); feedback arriving later still counts', () => {
    const store = new SqliteFeedbackStore({ file: null });
    loadSequence(store);
    const day2 = store.summary({ from: '2025-03-02', to: '2025-03-03T00:00:00Z' });
    expect(day2.rows).toEqual([
      expect.objectContaining({ serviceId: PV, adviceCode: 'ANTICOAGULATE', issued: 1, accepted: 0, overridden: 1, noResponse: 0 }),
      expect.objectContaining({
        serviceId: PV, adviceCode: 'SERIAL_IMAGING', issued: 2, overridden: 2,
        overriddenByReason: { 'already-treated': 1, 'patient-declines': 1 }, noResponse: 0,
      }),
    ]);
    expect(day2.unknownCardFeedback).toBe(1);

    const later = store.summary({ from: '2025-03-05T00:00:00+00:00' });
    expect(later.rows).toEqual([expect.objectContaining({ adviceCode: 'SERIAL_IMAGING', issued: 1, accepted: 0, overridden: 0, noResponse: 1 })]);
    expect(later.unknownCardFeedback).toBe(0);
    store.close();
  });

  test('a card overridden and later accepted counts as accepted, so issued = accepted + overridden + no response', () => {
    const store = new SqliteFeedbackStore({ file: null });
    store.recordIssued([ISSUED[0]!]);
    store.recordFeedback(PV, [overridden('card-si-1', 'patient-declines', '2025-03-01T10:01:00Z')], RECEIVED_AT);
    store.recordFeedback(PV, [accepted('card-si-1', 'sug-si-1-us', '2025-03-01T10:02:00Z')], RECEIVED_AT);
    expect(store.summary({}).rows).toEqual([
      expect.objectContaining({ issued: 1, accepted: 1, overridden: 0, overriddenByReason: {}, noResponse: 0 }),
    ]);
    store.close();
  });

  test('idempotency: the same item with the timestamp written differently, or suggestions reordered, is the same item', () => {
    const store = new SqliteFeedbackStore({ file: null });
    store.recordIssued([ISSUED[5]!]);
    const both = { card: 'card-ac-1', outcome: 'accepted' as const, outcomeTimestamp: '2025-03-01T12:05:00Z' };
    expect(store.recordFeedback(PV, [{ ...both, acceptedSuggestions: [{ id: 'sug-ac-1-apixaban' }, { id: 'sug-ac-1-rivaroxaban' }] }], RECEIVED_AT)).toBe(1);
    expect(store.recordFeedback(PV, [{
      ...both, outcomeTimestamp: '2025-03-01T13:05:00.000+01:00',
      acceptedSuggestions: [{ id: 'sug-ac-1-rivaroxaban' }, { id: 'sug-ac-1-apixaban' }],
    }], '2025-03-09T00:00:00Z')).toBe(0);
    // A different time is a different action by the clinician: stored.
    expect(store.recordFeedback(PV, [{ ...both, outcomeTimestamp: '2025-03-01T12:06:00Z', acceptedSuggestions: [{ id: 'sug-ac-1-apixaban' }] }], RECEIVED_AT)).toBe(1);
    const [row] = store.summary({}).rows;
    expect(row).toEqual(expect.objectContaining({ accepted: 1, acceptedBySuggestion: { 'sug-ac-1-apixaban': 1, 'sug-ac-1-rivaroxaban': 1 } }));
    store.close();
  });

  test('a card recorded twice is stored once', () => {
    const store = new SqliteFeedbackStore({ file: null });
    store.recordIssued([ISSUED[0]!]);
    store.recordIssued([ISSUED[0]!]);
    expect(store.summary({}).rows[0]?.issued).toBe(1);
    store.close();
  });

  test('an invalid range bound is refused, not silently ignored', () => {
    const store = new SqliteFeedbackStore({ file: null });
    expect(() => store.summary({ from: '2025-03-01T00:00:00' })).toThrow(FeedbackStoreError);
    store.close();
  });
});

describe('SqliteFeedbackStore on a file', () => {
  test('creates the parent folder and the schema on first start, in WAL mode', () => {
    const file = join(dir, 'nested', 'data', 'feedback.db');
    const store = new SqliteFeedbackStore({ file, clock: fixedClock('2025-03-01T00:00:00Z') });
    expect(existsSync(file)).toBe(true);
    expect(store.appliedMigrations()).toEqual([{ version: 1, name: MIGRATIONS[0]!.name, appliedAt: '2025-03-01T00:00:00.000Z' }]);
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  test('data survives a restart and migrations are not applied again', () => {
    const file = join(dir, 'feedback.db');
    const first = new SqliteFeedbackStore({ file, clock: fixedClock('2025-03-01T00:00:00Z') });
    loadSequence(first);
    first.close();

    const second = new SqliteFeedbackStore({ file, clock: fixedClock('2025-04-01T00:00:00Z') });
    expect(second.summary({})).toEqual(EXPECTED_ALL_TIME);
    // Still the first start's record: nothing re-ran (a re-run of CREATE TABLE would also have thrown).
    expect(second.appliedMigrations()).toEqual([expect.objectContaining({ version: 1, appliedAt: '2025-03-01T00:00:00.000Z' })]);
    // Idempotency holds across the restart too.
    expect(second.recordFeedback(PV, FEEDBACK[0]!.items, RECEIVED_AT)).toBe(0);
    second.close();
  });

  test('a new migration is applied once, on the next start, keeping existing data', () => {
    const file = join(dir, 'feedback.db');
    const first = new SqliteFeedbackStore({ file, clock: fixedClock('2025-03-01T00:00:00Z') });
    loadSequence(first);
    first.close();

    const withV2 = [...MIGRATIONS, { version: 2, name: 'site column', sql: 'ALTER TABLE issued_cards ADD COLUMN site TEXT' }];
    const second = new SqliteFeedbackStore({ file, migrations: withV2, clock: fixedClock('2025-04-01T00:00:00Z') });
    expect(second.appliedMigrations().map((m) => [m.version, m.appliedAt])).toEqual([
      [1, '2025-03-01T00:00:00.000Z'],
      [2, '2025-04-01T00:00:00.000Z'],
    ]);
    second.close();
    // A third start with the same list: the ALTER TABLE would fail if it ran again.
    const third = new SqliteFeedbackStore({ file, migrations: withV2 });
    expect(third.appliedMigrations()).toHaveLength(2);
    expect(third.summary({})).toEqual(EXPECTED_ALL_TIME);
    third.close();
  });

  test('a database written by a newer version is refused at start-up', () => {
    const file = join(dir, 'feedback.db');
    const withV2 = [...MIGRATIONS, { version: 2, name: 'future', sql: 'CREATE TABLE future (x)' }];
    new SqliteFeedbackStore({ file, migrations: withV2 }).close();
    expect(() => new SqliteFeedbackStore({ file })).toThrow(/newer than this service/);
  });

  test('isWritable: true on a fresh store, false when opened read-only, false once closed', () => {
    const file = join(dir, 'feedback.db');
    const store = new SqliteFeedbackStore({ file });
    expect(store.isWritable()).toBe(true);
    // The probe rolls back: readiness checks leave no trace.
    const probe = new Database(file, { readonly: true });
    expect(probe.prepare('SELECT probed_at FROM readiness_probe').get()).toEqual({ probed_at: null });
    probe.close();

    const readOnly = new SqliteFeedbackStore({ file, readonly: true });
    expect(readOnly.isWritable()).toBe(false);
    readOnly.close();

    store.close();
    expect(store.isWritable()).toBe(false);
  });

  test('read-only open of a missing file or a non-feedback database fails with FeedbackStoreError', () => {
    expect(() => new SqliteFeedbackStore({ file: join(dir, 'missing.db'), readonly: true })).toThrow(FeedbackStoreError);
    const other = join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => new SqliteFeedbackStore({ file: other, readonly: true })).toThrow(/schema is at version 0/);
  });

  test('createFeedbackStore uses CDS_FEEDBACK_DB from config, in memory when unset', () => {
    const file = join(dir, 'from-config.db');
    const store = createFeedbackStore(testConfig({ feedbackDb: file }));
    store.recordIssued([ISSUED[0]!]);
    store.close();
    expect(existsSync(file)).toBe(true);
    const memory = createFeedbackStore(testConfig({ feedbackDb: null }));
    expect(memory.isWritable()).toBe(true);
    memory.close();
  });
});

describe('SqliteFeedbackStore batches issued cards', () => {
  const issuedInFile = (file: string): number => {
    const reader = new Database(file, { readonly: true });
    try {
      return (reader.prepare('SELECT COUNT(*) AS n FROM issued_cards').get() as { n: number }).n;
    } finally {
      reader.close();
    }
  };
  const eventually = async (check: () => boolean): Promise<boolean> => {
    for (let i = 0; i < 200; i += 1) {
      if (check()) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return check();
  };

  test('queued cards reach the file on their own, and close() writes what is still queued', async () => {
    const file = join(dir, 'feedback.db');
    const background = new SqliteFeedbackStore({ file, flushAfterMs: 5 });
    background.recordIssued([ISSUED[0]!]);
    expect(await eventually(() => issuedInFile(file) === 1)).toBe(true);
    background.close();

    const onClose = new SqliteFeedbackStore({ file, flushAfterMs: 60_000 });
    onClose.recordIssued(ISSUED.slice(1));
    onClose.close();
    expect(issuedInFile(file)).toBe(ISSUED.length);
  });

  test('a full queue is written at once; summary and feedback see cards issued a moment ago', () => {
    const file = join(dir, 'feedback.db');
    const store = new SqliteFeedbackStore({ file, flushAfterMs: 60_000, flushAtCards: 2 });
    store.recordIssued([ISSUED[0]!, ISSUED[1]!]);
    expect(issuedInFile(file)).toBe(2);
    store.recordIssued([ISSUED[2]!]);
    expect(store.summary({}).rows.reduce((n, row) => n + row.issued, 0)).toBe(3);
    store.close();
  });

  test('a bad time stamp still fails the call that records it; a failed background write is reported', async () => {
    const file = join(dir, 'feedback.db');
    const failures: number[] = [];
    const store = new SqliteFeedbackStore({ file, flushAfterMs: 5, onFlushError: (_err, lost) => failures.push(lost) });
    expect(() => store.recordIssued([{ ...ISSUED[0]!, issuedAt: 'yesterday' }])).toThrow(FeedbackStoreError);
    // Another writer breaks the table under the store: the batch cannot be written.
    const other = new Database(file);
    other.exec('DROP TABLE issued_cards');
    other.close();
    store.recordIssued([ISSUED[0]!, ISSUED[1]!]);
    expect(await eventually(() => failures.length > 0)).toBe(true);
    expect(failures).toEqual([2]);
    store.close();
  });
});
