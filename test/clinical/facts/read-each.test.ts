/**
 * readEach / firstOfEach (issue 7): one FHIRPath evaluation over a list must give, for every resource, exactly
 * what evaluating the path on that resource alone gives — whatever odd JSON the list holds.
 */
import { generateChart } from '../../../bench/chart-generator';
import { compileFirstOf, compilePath, firstOfEach, isString, paths, readEach } from '../../../src/fhir/fhirpath';

type Json = Record<string, unknown>;

const odd: Json[] = [
  { resourceType: 'Observation', effectiveDateTime: '2025-03-03T10:00:00Z', issued: '2025-03-03T12:00:00Z' },
  { resourceType: 'Observation', effectiveDateTime: 42, issued: '2025-03-03T12:00:00Z' },
  { resourceType: 'Observation', effectiveDateTime: ['2025-01-02', '2025-01-01'] },
  { resourceType: 'Observation', effectiveDateTime: [42, '2025-01-01'] },
  { resourceType: 'Observation', effectiveDateTime: '' },
  { resourceType: 'Observation', effectiveDateTime: { nested: true }, issued: '2025-03-04T00:00:00Z' },
  { resourceType: 'Observation', _effectiveDateTime: { id: 'x' }, issued: '2025-03-05T00:00:00Z' },
  { resourceType: 'Observation', effectiveDateTime: null, effectivePeriod: { start: '2025-02-01' } },
  { resourceType: 'Observation', effectivePeriod: { start: ['a', 'b'] } },
  { resourceType: 'Observation', effectiveInstant: '2025-03-03T10:00:00.123Z' },
  { resourceType: 'Observation', valueQuantity: { value: 1, unit: 'mg/dL' }, valueBoolean: true },
  { resourceType: 'Observation' },
  { resourceType: 'Condition', onsetDateTime: '2025-03-03', recordedDate: '2025-03-04' },
  { resourceType: 'Condition', onsetPeriod: { start: '2025-02' } },
  { resourceType: 'Patient', birthDate: '1970-01-01' },
  { effectiveDateTime: '2025-03-03' },
];

const PATHS = Object.entries(paths);

describe('readEach: a list read in one evaluation', () => {
  test('equals the single evaluation for every path, on odd data and on a generated chart', () => {
    const chart = generateChart({ size: 200, seed: 5 }).resources as unknown as Json[];
    // Without the object-valued entry the list is read in one evaluation; with it, one by one.
    const primitives = odd.filter((r) => typeof r['effectiveDateTime'] !== 'object' || r['effectiveDateTime'] === null || Array.isArray(r['effectiveDateTime']));
    for (const list of [odd, primitives, chart, [...primitives, ...chart, ...odd.slice(0, 3)]]) {
      for (const [name, path] of PATHS) {
        expect({ name, results: readEach(path as (r: unknown) => unknown[], list) }).toEqual({ name, results: list.map((r) => path(r)) });
      }
    }
  });

  test('the same object twice in the list gets its own answer in each place', () => {
    const [first, second] = [odd[0] as Json, odd[9] as Json];
    const list = [first, second, first, first];
    expect(readEach(paths.observationWhen, list)).toEqual(list.map((r) => paths.observationWhen(r)));
    expect(firstOfEach(paths.observationWhen, list)).toEqual([
      '2025-03-03T10:00:00Z', '2025-03-03T10:00:00.123Z', '2025-03-03T10:00:00Z', '2025-03-03T10:00:00Z',
    ]);
  });

  test('first-of paths keep their branch order per resource', () => {
    const path = compileFirstOf(['Observation.status', 'Observation.issued'], isString);
    const list: Json[] = [
      { resourceType: 'Observation', status: 'final', issued: '2025-01-01T00:00:00Z' },
      { resourceType: 'Observation', issued: '2025-01-02T00:00:00Z' },
      { resourceType: 'Observation' },
    ];
    expect(firstOfEach(path, list)).toEqual(['final', '2025-01-02T00:00:00Z', null]);
  });

  test('object results (which the list reader does not take) still come back as the single evaluation gives them', () => {
    const quantity = compilePath('Observation.value.ofType(Quantity)', (v): v is Json => typeof v === 'object' && v !== null);
    const list = odd.slice(9, 12);
    expect(readEach(quantity, list)).toEqual(list.map((r) => quantity(r)));
    expect(readEach(paths.observationWhen, [])).toEqual([]);
  });
});
