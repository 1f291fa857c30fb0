/** What a script calling the CLI can rely on: exit codes and one-line errors, never a stack trace. */
import { EXIT } from '../../src/cli/types';
import { cli, tempDir } from './support';

const oneLine = (text: string): void => {
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  expect(text).toMatch(/^distal-dvt-cds: /);
  expect(text).not.toMatch(/\n\s+at /);
};

describe('distal-dvt-cds dispatcher', () => {
  it('help lists every command and the exit codes', async () => {
    const run = await cli(['help']);
    expect(run.code).toBe(EXIT.OK);
    for (const command of ['evaluate FILE', 'scenarios', 'check-knowledge', 'seed FHIR_BASE', 'summary']) {
      expect(run.stdout).toContain(command);
    }
    expect(run.stdout).toContain('4 remote server error');
  });

  it('an unknown command is a usage error on one line (exit 2)', async () => {
    const run = await cli(['evaluat', 'x.json']);
    expect(run.code).toBe(EXIT.USAGE);
    oneLine(run.stderr);
    expect(run.stderr).toContain('unknown command "evaluat"');
    expect(run.stdout).toBe('');
  });

  it('no command at all prints the usage and exits 2', async () => {
    const run = await cli([]);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toContain('Usage: distal-dvt-cds <command>');
  });

  it('an unknown option is a usage error on one line (exit 2)', async () => {
    const run = await cli(['evaluate', 'request.json', '--jsn']);
    expect(run.code).toBe(EXIT.USAGE);
    oneLine(run.stderr);
    expect(run.stderr).toContain("'--jsn'");
  });

  it('a missing file is an input error that names the file (exit 3)', async () => {
    const run = await cli(['evaluate', 'no-such-request.json']);
    expect(run.code).toBe(EXIT.INPUT);
    expect(run.stderr).toBe('distal-dvt-cds: cannot read no-such-request.json: no such file\n');
  });

  it('a file that is not JSON is an input error on one line (exit 3)', async () => {
    const dir = tempDir('notjson');
    try {
      dir.write('broken.json', '{"hook": "patient-view",');
      const run = await cli(['evaluate', 'broken.json'], { cwd: dir.path });
      expect(run.code).toBe(EXIT.INPUT);
      oneLine(run.stderr);
      expect(run.stderr).toContain('cannot read broken.json: not valid JSON');
    } finally {
      dir.remove();
    }
  });

  it('JSON that is neither a request, a fixture nor a Bundle is refused (exit 3)', async () => {
    const dir = tempDir('notrequest');
    try {
      dir.write('patient.json', { resourceType: 'Patient', id: 'p1' });
      const run = await cli(['evaluate', 'patient.json'], { cwd: dir.path });
      expect(run.code).toBe(EXIT.INPUT);
      expect(run.stderr).toBe(
        'distal-dvt-cds: cannot use patient.json: neither a CDS Hooks request, a scenario fixture nor a FHIR Bundle\n',
      );
    } finally {
      dir.remove();
    }
  });

  it('a Bundle with two patients needs --patient (exit 2)', async () => {
    const dir = tempDir('twopatients');
    try {
      dir.write('bundle.json', {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', id: 'a' } }, { resource: { resourceType: 'Patient', id: 'b' } }],
      });
      const run = await cli(['evaluate', 'bundle.json', '--now', '2025-03-10T09:00:00Z'], { cwd: dir.path });
      expect(run.code).toBe(EXIT.USAGE);
      expect(run.stderr).toBe('distal-dvt-cds: the Bundle has 2 Patients: say which one with --patient ID\n');
    } finally {
      dir.remove();
    }
  });

  it('a malformed --now is a usage error (exit 2)', async () => {
    const run = await cli(['evaluate', 'fhir-fixtures/requests/patient-view-minimal.json', '--now', 'yesterday']);
    expect(run.code).toBe(EXIT.USAGE);
    oneLine(run.stderr);
    expect(run.stderr).toContain('--now must be an ISO date-time');
  });

  it('a missing scenario folder is an input error (exit 3)', async () => {
    const run = await cli(['scenarios', '--dir', 'no/such/folder']);
    expect(run.code).toBe(EXIT.INPUT);
    expect(run.stderr).toBe('distal-dvt-cds: cannot read scenario folder no/such/folder: no such directory\n');
  });

  it('a missing knowledge folder is an input error (exit 3)', async () => {
    const run = await cli(['check-knowledge', 'no-such-knowledge']);
    expect(run.code).toBe(EXIT.INPUT);
    expect(run.stderr).toBe('distal-dvt-cds: cannot read knowledge folder no-such-knowledge: no such directory\n');
  });
});
