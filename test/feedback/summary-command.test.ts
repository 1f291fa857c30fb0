import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/cli/cli-error';
import { runCli } from '../../src/cli/main';
import { summaryCommand } from '../../src/cli/summary-command';
import { EXIT, type CliIO } from '../../src/cli/types';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { EXPECTED_ALL_TIME, FEEDBACK, ISSUED } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'summary-cli-'));
  const store = new SqliteFeedbackStore({ file: join(dir, 'feedback.db') });
  store.recordIssued(ISSUED);
  for (const { serviceId, items } of FEEDBACK) store.recordFeedback(serviceId, items, '2025-03-02T08:00:00Z');
  store.close();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function captureIo(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env, cwd: dir, out: () => out, err: () => err };
}

describe('distal-dvt-cds summary', () => {
  test('prints a table per service and advice code with counts, shares and top override reasons', async () => {
    const io = captureIo();
    expect(await summaryCommand(['--db', 'feedback.db'], io)).toBe(EXIT.OK);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toBe('Outcomes of cards issued from the beginning to now');
    expect(lines[1]?.split(/\s{2,}/)).toEqual(['service', 'advice code', 'issued', 'accepted', 'overridden', 'no response', 'top reasons']);
    const cells = (line: string | undefined) => line?.trim().split(/\s{2,}/);
    expect(cells(lines[2])).toEqual(['distal-dvt-order-sign', 'ANTICOAGULATE', '1', '1 (100%)', '0 (0%)', '0 (0%)']);
    expect(cells(lines[3])).toEqual(['distal-dvt-patient-view', 'ANTICOAGULATE', '2', '1 (50%)', '1 (50%)', '0 (0%)', '(no reason)×1']);
    expect(cells(lines[4])).toEqual(['distal-dvt-patient-view', 'SERIAL_IMAGING', '5', '1 (20%)', '3 (60%)', '1 (20%)', 'patient-declines×2, already-treated×1']);
    expect(lines[5]).toBe('Feedback on unknown cards: 1');
  });

  test('--json prints the same summary the admin endpoint serves; the database defaults to CDS_FEEDBACK_DB', async () => {
    const io = captureIo({ CDS_FEEDBACK_DB: join(dir, 'feedback.db') });
    expect(await summaryCommand(['--json'], io)).toBe(EXIT.OK);
    expect(JSON.parse(io.out())).toEqual({ from: null, to: null, ...EXPECTED_ALL_TIME });
  });

  test('--from/--to select cards by issue time', async () => {
    const io = captureIo();
    expect(await summaryCommand(['--db', 'feedback.db', '--from', '2025-03-05', '--to', '2025-03-06T00:00:00Z'], io)).toBe(EXIT.OK);
    expect(io.out()).toContain('from 2025-03-05T00:00:00.000Z to 2025-03-06T00:00:00.000Z');
    expect(io.out()).toMatch(/distal-dvt-patient-view\s+SERIAL_IMAGING\s+1\s+0 \(0%\)\s+0 \(0%\)\s+1 \(100%\)/);
    expect(io.out()).toContain('Feedback on unknown cards: 0');
  });

  test('an empty range says so', async () => {
    const io = captureIo();
    expect(await summaryCommand(['--db', 'feedback.db', '--from', '2030-01-01'], io)).toBe(EXIT.OK);
    expect(io.out()).toContain('No cards issued in this range.');
  });

  test.each([
    [['--from', '2025-03-01'], EXIT.USAGE, /CDS_FEEDBACK_DB/],
    [['--db', 'feedback.db', '--from', 'last week'], EXIT.USAGE, /--from/],
    [['--db', 'feedback.db', '--verbose'], EXIT.USAGE, /verbose/],
    [['--db', 'missing.db'], EXIT.INPUT, /no such file/],
    [['--db', 'not-a-db.txt'], EXIT.INPUT, /not-a-db\.txt/],
  ])('%j fails with exit %i and a one-line reason', async (args, exitCode, message) => {
    writeFileSync(join(dir, 'not-a-db.txt'), 'hello');
    const failure = summaryCommand(args, captureIo());
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toMatchObject({ exitCode, message: expect.stringMatching(message) });
  });

  test('through the dispatcher: a failure is one line on stderr and the documented exit code', async () => {
    const io = captureIo();
    expect(await runCli(['summary', '--db', 'missing.db'], io)).toBe(EXIT.INPUT);
    expect(io.err()).toBe('distal-dvt-cds: summary: missing.db: no such file\n');
    const ok = captureIo();
    expect(await runCli(['summary', '--db', 'feedback.db'], ok)).toBe(EXIT.OK);
    expect(ok.out()).toContain('Feedback on unknown cards: 1');
  });

  test('--help prints the usage', async () => {
    const io = captureIo();
    expect(await runCli(['summary', '--help'], io)).toBe(EXIT.OK);
    expect(io.out()).toContain('Usage: distal-dvt-cds summary [--db FILE] [--from ISO] [--to ISO] [--json]');
  });
});
