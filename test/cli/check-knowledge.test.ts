/** `check-knowledge [DIR]`: every problem of a knowledge folder as `file pointer: message`, exit 1 if any. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/types';
import { cli, REPO_ROOT, tempDir } from './support';

function editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('distal-dvt-cds check-knowledge', () => {
  it('accepts the shipped knowledge folder (hooks) and exits 0', async () => {
    const run = await cli(['check-knowledge']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hooks: knowledge is valid\n');
    expect(run.code).toBe(EXIT.OK);
  });

  it('lists every problem of a broken copy with file and pointer, and exits 1', async () => {
    const copy = tempDir('knowledge');
    try {
      cpSync(join(REPO_ROOT, 'hooks'), copy.path, { recursive: true });
      editJson(join(copy.path, 'knowledge', 'thresholds.json'), (t) => {
        t.lengthCm = 'five';
        delete t.episodeWindowDays;
      });
      writeFileSync(join(copy.path, 'knowledge', 'sources.json'), '{ "sources": [');
      editJson(join(copy.path, 'services', 'distal-dvt-patient-view.json'), (s) => {
        s.hook = 'patient-veiw';
      });

      const run = await cli(['check-knowledge', copy.path]);
      expect(run.code).toBe(EXIT.FINDINGS);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toEqual(
        expect.arrayContaining([
          'knowledge/thresholds.json /lengthCm: must be number',
          'knowledge/thresholds.json /episodeWindowDays: required property is missing',
          expect.stringMatching(/^knowledge\/sources\.json \/: not valid JSON/),
          expect.stringMatching(/^services\/distal-dvt-patient-view\.json \/hook: /),
        ]),
      );
      expect(lines.at(-1)).toBe(`${copy.path}: 4 problems`);
    } finally {
      copy.remove();
    }
  });

  it('evaluate refuses a broken knowledge folder in one line that points to check-knowledge (exit 3)', async () => {
    const copy = tempDir('knowledge-eval');
    try {
      cpSync(join(REPO_ROOT, 'hooks'), copy.path, { recursive: true });
      editJson(join(copy.path, 'knowledge', 'thresholds.json'), (t) => {
        t.lengthCm = -1;
      });
      const run = await cli(['evaluate', 'fhir-fixtures/requests/patient-view-minimal.json', '--knowledge', copy.path]);
      expect(run.code).toBe(EXIT.INPUT);
      expect(run.stderr).toMatch(/^distal-dvt-cds: knowledge folder .* is invalid \(\d+ problems?; see 'distal-dvt-cds check-knowledge .*'\)\n$/);
    } finally {
      copy.remove();
    }
  });
});
