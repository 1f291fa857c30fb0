/**
 * Every scenario fixture parses, has the fixture shape, and carries a request that would pass CDS Hooks
 * validation with a well-formed FHIR R4 chart (fhir-fixtures/README.md conventions).
 */
import { loadScenarioFixtures } from '../support/fixture-load';
import { checkFixtureRequest } from '../support/fixture-request-checks';

const loaded = loadScenarioFixtures();

describe('scenario fixtures', () => {
  test('file names start with the fixture id and ids are unique', () => {
    expect(loaded.filter(({ file, fixture }) => !file.startsWith(`${fixture.id}-`)).map((l) => l.file)).toEqual([]);
    const ids = loaded.map((l) => l.fixture.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every RULES §6 development scenario is there (SC17 twice)', () => {
    const ids = new Set(loaded.map((l) => l.fixture.id));
    const rules = ['SC01', 'SC02', 'SC03', 'SC04', 'SC05', 'SC07', 'SC09', 'SC10', 'SC11', 'SC12', 'SC14', 'SC15', 'SC17',
      'SC17b', 'SC19', 'SC20', 'SC21', 'SC23'];
    expect(rules.filter((id) => !ids.has(id))).toEqual([]);
  });

  test('all four services have scenarios', () => {
    const services = new Set(loaded.map((l) => l.fixture.service));
    expect([...services].sort()).toEqual([
      'distal-dvt-encounter-discharge', 'distal-dvt-order-select', 'distal-dvt-order-sign', 'distal-dvt-patient-view',
    ]);
  });

  test.each(loaded.map((l) => [l.file, l.fixture] as const))('%s: request is CDS Hooks-valid', (_file, fixture) => {
    expect(checkFixtureRequest(fixture).map((p) => `${fixture.id}: ${p}`)).toEqual([]);
  });
});
