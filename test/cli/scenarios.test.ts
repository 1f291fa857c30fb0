/**
 * `scenarios`: every fixture through the real clinical core, expected vs actual advice, exit 1 on any mismatch;
 * with --knowledge, the same fixtures against a site's own thresholds.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/types';
import { cli, REPO_ROOT, tempDir } from './support';

const SCENARIOS = join(REPO_ROOT, 'fhir-fixtures', 'scenarios');
const readFixture = (name: string): Record<string, unknown> & { expected: Record<string, unknown> } =>
  JSON.parse(readFileSync(join(SCENARIOS, name), 'utf8')) as Record<string, unknown> & { expected: Record<string, unknown> };

describe('distal-dvt-cds scenarios', () => {
  const dir = tempDir('scenarios');
  beforeAll(() => {
    dir.write('SC01-low-risk-gastrocnemius.json', readFixture('SC01-low-risk-gastrocnemius.json'));
    dir.write('X20-diameter-8mm.json', readFixture('X20-diameter-8mm.json'));
  });
  afterAll(() => dir.remove());

  it('passes when every fixture gets its expected advice (exit 0)', async () => {
    const run = await cli(['scenarios', '--dir', dir.path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toContain('PASS  SC01  Low-risk gastrocnemius clot');
    expect(run.stdout).toContain('expected SERIAL_IMAGING (info)  ·  actual SERIAL_IMAGING (info)');
    expect(run.stdout).toMatch(/notes: .*BILATERAL_SURVEILLANCE_NOTE/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('2 scenarios: 2 passed, 0 failed');
  });

  it('shows expected vs actual and exits 1 when a fixture expects other advice', async () => {
    const wrong = tempDir('scenarios-wrong');
    try {
      const sc01 = readFixture('SC01-low-risk-gastrocnemius.json');
      wrong.write('SC01.json', { ...sc01, id: 'SC01-wrong', expected: { ...sc01.expected, primary: 'ANTICOAGULATE', indicator: 'warning' } });
      wrong.write('broken.json', '{ "id": ');
      const run = await cli(['scenarios', '--dir', wrong.path]);
      expect(run.code).toBe(EXIT.FINDINGS);
      expect(run.stdout).toContain('FAIL  SC01-wrong');
      expect(run.stdout).toContain('expected ANTICOAGULATE (warning)  ·  actual SERIAL_IMAGING (info)');
      expect(run.stdout).toMatch(/FAIL {2}broken {2}\(unreadable fixture\)\n {6}cannot read broken\.json: not valid JSON/);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('2 scenarios: 0 passed, 2 failed');
    } finally {
      wrong.remove();
    }
  });

  it("--knowledge shows what a site's threshold change does to each scenario", async () => {
    const site = tempDir('site-knowledge');
    try {
      cpSync(join(REPO_ROOT, 'hooks'), site.path, { recursive: true });
      const thresholdsFile = join(site.path, 'knowledge', 'thresholds.json');
      const thresholds = JSON.parse(readFileSync(thresholdsFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(thresholdsFile, JSON.stringify({ ...thresholds, maxDiameterMm: 9 }, null, 2));

      const run = await cli(['scenarios', '--dir', dir.path, '--knowledge', site.path]);
      expect(run.code).toBe(EXIT.FINDINGS);
      expect(run.stdout).toContain(`against knowledge ${site.path}`);
      expect(run.stdout).toContain('PASS  SC01');
      // An 8 mm clot is no longer "> 9 mm": the only extension factor is gone.
      expect(run.stdout).toMatch(/FAIL {2}X20 .*\n {6}expected ANTICOAGULATE \(warning\) {2}· {2}actual SERIAL_IMAGING \(info\)/);
    } finally {
      site.remove();
    }
  });

  it('--json gives totals and one result per scenario', async () => {
    const run = await cli(['scenarios', '--dir', dir.path, '--json']);
    const body = JSON.parse(run.stdout) as { total: number; passed: number; failed: number; scenarios: { id: string; passed: boolean; actualPrimary: string }[] };
    expect(body).toMatchObject({ total: 2, passed: 2, failed: 0 });
    expect(body.scenarios.map((s) => [s.id, s.passed, s.actualPrimary])).toEqual([
      ['SC01', true, 'SERIAL_IMAGING'],
      ['X20', true, 'ANTICOAGULATE'],
    ]);
  });
});
