/**
 * `evaluate FILE` on the real clinical core and the shipped knowledge: a scenario fixture, a bare CDS Hooks request
 * and a patient Bundle, printed for a clinician, as raw JSON, and with the explanation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CdsResponse } from '../../src/cds/types';
import { EXIT } from '../../src/cli/types';
import { cli, REPO_ROOT, tempDir } from './support';

const SC01 = 'fhir-fixtures/scenarios/SC01-low-risk-gastrocnemius.json';
const SC02 = 'fhir-fixtures/scenarios/SC02-long-axial-two-veins.json';
const SC17B = 'fhir-fixtures/scenarios/SC17b-ddimer-age-adjusted.json';

interface Fixture {
  readonly now: string;
  readonly request: { readonly context: { readonly patientId: string }; readonly prefetch: Record<string, unknown> };
}
/** For runs from a temp folder: the shipped knowledge, by absolute path. */
const KNOWLEDGE = ['--knowledge', join(REPO_ROOT, 'hooks')];
const fixture = (path: string): Fixture => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as Fixture;

describe('distal-dvt-cds evaluate', () => {
  it('prints the cards as a clinician reads them: indicator, summary, detail, and what each suggestion orders', async () => {
    const run = await cli(['evaluate', SC02]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toMatch(/^1 card\n\n\[WARNING\] Isolated distal DVT.*anticoagulation suggested/);
    expect(run.stdout).toContain('advice: ANTICOAGULATE');
    expect(run.stdout).toContain('Thrombus length 6.5 cm (> 5 cm)');
    expect(run.stdout).toContain('Suggestions (choose at most one):');
    expect(run.stdout).toMatch(/1\. Start apixaban .*\(recommended\)/);
    expect(run.stdout).toMatch(/create MedicationRequest: apixaban 5 MG Oral Tablet \[RxNorm 1364445\]/);
    expect(run.stdout).toMatch(/dose: 10 mg .*twice daily for 7 days/);
    expect(run.stdout).toMatch(/create ServiceRequest: .*\[CPT 93970, LOINC 39420-5\]/);
    expect(run.stdout).toContain('window: 2025-03-09 to 2025-03-13');
    expect(run.stdout).toContain('Override reasons: Patient preference');
    expect(run.stdout).not.toContain('**');
  });

  it('--json prints exactly the raw CDS Hooks response', async () => {
    const run = await cli(['evaluate', SC01, '--json']);
    expect(run.code).toBe(EXIT.OK);
    const body = JSON.parse(run.stdout) as CdsResponse;
    expect(Object.keys(body)).toEqual(['cards']);
    expect(body.cards[0]?.source.topic?.code).toBe('SERIAL_IMAGING');
    expect(body.cards.map((c) => c.source.topic?.code)).toContain('BILATERAL_SURVEILLANCE_NOTE');
    expect(body.cards[0]?.indicator).toBe('info');
  });

  it('--explain adds the rule row that decided and the facts it used', async () => {
    const run = await cli(['evaluate', SC02, '--explain']);
    expect(run.code).toBe(EXIT.OK);
    const explanation = run.stdout.slice(run.stdout.indexOf('── explanation ──'));
    expect(explanation).toContain('Rule: P15 → ANTICOAGULATE (warning)');
    expect(explanation).toMatch(/Extension factors:\n {2}- .*\n/);
    expect(explanation).toContain('Thrombus length 6.5 cm (rule > 5 cm');
    expect(explanation).toContain('ageYears: 67');
    expect(explanation).toMatch(/"lengthCm":6\.5/);
    expect(explanation).toContain('Missing: Provocation not recorded');
  });

  it('--json --explain carries the facts and the decision next to the cards', async () => {
    const run = await cli(['evaluate', SC02, '--json', '--explain']);
    const body = JSON.parse(run.stdout) as { decision: { rule: string; primary: string }; facts: { ageYears: number } };
    expect(body.decision).toMatchObject({ rule: 'P15', primary: 'ANTICOAGULATE' });
    expect(body.facts.ageYears).toBe(67);
  });

  it("applies a fixture's own threshold overrides (age-adjusted D-dimer)", async () => {
    const run = await cli(['evaluate', SC17B, '--json']);
    const body = JSON.parse(run.stdout) as CdsResponse;
    expect(body.cards[0]?.source.topic?.code).toBe('SERIAL_IMAGING');
  });

  it('evaluates a bare CDS Hooks request at --now', async () => {
    const dir = tempDir('request');
    try {
      const sc01 = fixture(SC01);
      dir.write('request.json', sc01.request);
      const atDiagnosis = await cli(['evaluate', 'request.json', '--now', sc01.now, '--json', ...KNOWLEDGE], { cwd: dir.path });
      expect(atDiagnosis.code).toBe(EXIT.OK);
      expect((JSON.parse(atDiagnosis.stdout) as CdsResponse).cards[0]?.source.topic?.code).toBe('SERIAL_IMAGING');
      // A year later the episode is out of the window: no card.
      const later = await cli(['evaluate', 'request.json', '--now', '2026-03-03T15:00:00Z', ...KNOWLEDGE], { cwd: dir.path });
      expect(later.stdout).toBe('No cards: the service has no advice for this patient at this time.\n');
    } finally {
      dir.remove();
    }
  });

  it("simulates patient-view on a FHIR Bundle of the patient's resources", async () => {
    const dir = tempDir('bundle');
    try {
      const sc02 = fixture(SC02);
      const resources = Object.values(sc02.request.prefetch).flatMap((value) => {
        const v = value as { resourceType?: string; entry?: { resource: unknown }[] };
        return v.resourceType === 'Bundle' ? (v.entry ?? []).map((e) => e.resource) : [v];
      });
      dir.write('patient-bundle.json', { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
      const run = await cli(['evaluate', 'patient-bundle.json', '--now', sc02.now, '--explain', ...KNOWLEDGE], { cwd: dir.path });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toContain('advice: ANTICOAGULATE');
      expect(run.stdout).toContain(`patientId: ${sc02.request.context.patientId}`);

      const wrongPatient = await cli(['evaluate', 'patient-bundle.json', '--now', sc02.now, '--patient', 'someone-else', ...KNOWLEDGE], { cwd: dir.path });
      // An id that is not in the Bundle is an input error, not an empty chart that "has no advice".
      expect(wrongPatient.code).toBe(EXIT.INPUT);
      expect(wrongPatient.stdout).toBe('');
      expect(wrongPatient.stderr).toBe('distal-dvt-cds: the Bundle has no resources of patient "someone-else"\n');
    } finally {
      dir.remove();
    }
  });

  it('refuses --hook on a file that is already a request (exit 2)', async () => {
    const run = await cli(['evaluate', SC01, '--hook', 'order-sign']);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toBe(
      'distal-dvt-cds: evaluate: --hook and --patient apply to a FHIR Bundle; the request in the file already says them\n',
    );
  });
});
