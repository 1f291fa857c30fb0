import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceDefinitions, ServiceDefinitionError } from '../../src/cds/service-definitions';
import { describeStartupError } from '../../src/main';

const REAL = join(__dirname, '..', '..', 'hooks', 'services');
const good = JSON.parse(readFileSync(join(REAL, 'distal-dvt-patient-view.json'), 'utf8')) as Record<string, unknown>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'services-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(files: Record<string, unknown>): string[] {
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  try {
    loadServiceDefinitions(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ServiceDefinitionError);
    return describeStartupError(err) ?? [];
  }
  return [];
}

describe('service definitions', () => {
  it('load the four real services, internal fields stripped', () => {
    const services = loadServiceDefinitions(REAL);
    expect(services.map((s) => s.id).sort()).toEqual([
      'distal-dvt-encounter-discharge', 'distal-dvt-order-select', 'distal-dvt-order-sign', 'distal-dvt-patient-view',
    ]);
    expect(problemsOf({ 'a.json': { ...good, _note: 'maintainers only' } })).toEqual([]);
    expect(loadServiceDefinitions(dir)[0]).not.toHaveProperty('_note');
  });

  it('name the file, the JSON pointer and what was expected', () => {
    const problems = problemsOf({ 'bad.json': { ...good, hook: 'patient-open', title: 42 } });
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/bad\.json \/hook: must be equal to one of the allowed values: patient-view, order-select, order-sign, encounter-discharge/),
      expect.stringMatching(/bad\.json \/title: must be string/),
    ]));
  });

  it('refuse prefetch tokens that CDS Hooks 2.0 does not define', () => {
    const prefetch = { meds: 'MedicationRequest?_id={{context.draftOrders.MedicationRequest.id}}', recent: 'Observation?date=gt{{today() - 90 days}}' };
    const problems = problemsOf({ 'bad.json': { ...good, prefetch } });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/bad\.json \/prefetch\/meds: token \{\{context\.draftOrders\.MedicationRequest\.id\}\} is not a CDS Hooks 2\.0 prefetch token; expected one of \{\{context\.patientId\}\}/);
  });

  it('refuse duplicate ids, missing fields, unknown fields and broken JSON', () => {
    const { description: _d, ...noDescription } = good;
    const problems = problemsOf({
      'a.json': good,
      'b.json': good,
      'c.json': { ...noDescription, id: 'other' },
      'd.json': { ...good, id: 'third', color: 'red' },
      'e.json': '{ not json',
    });
    expect(problems).toEqual([
      expect.stringMatching(/b\.json \/id: duplicate service id "distal-dvt-patient-view" \(also in .*a\.json\)/),
      expect.stringMatching(/c\.json \/description: must have required property 'description'/),
      expect.stringMatching(/d\.json \/color: unknown field/),
      expect.stringMatching(/e\.json \/: not valid JSON/),
    ]);
  });

  it('refuse an empty folder', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/no \*\.json service definition found/)]);
  });
});
