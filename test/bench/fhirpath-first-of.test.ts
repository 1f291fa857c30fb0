/**
 * The issue 7 optimisation of the shared date paths: a first-of choice compiled with compileFirstOf must give the
 * same first() as the FHIRPath union it replaced, on every shape of date a chart carries.
 */
import { generateChart } from '../../bench/chart-generator';
import { compileFirstOf, compilePath, first, isString, paths } from '../../src/fhir/fhirpath';

const OBSERVATION_BRANCHES = [
  'Observation.effective.ofType(dateTime)', 'Observation.effective.ofType(instant)',
  'Observation.effective.ofType(Period).start', 'Observation.issued',
];
const CONDITION_BRANCHES = ['Condition.onset.ofType(dateTime)', 'Condition.onset.ofType(Period).start', 'Condition.recordedDate'];

const observations: Record<string, unknown>[] = [
  { resourceType: 'Observation', status: 'final', effectiveDateTime: '2025-03-03T10:00:00Z', issued: '2025-03-03T12:00:00Z' },
  { resourceType: 'Observation', status: 'final', effectiveInstant: '2025-03-03T10:00:00.123Z' },
  { resourceType: 'Observation', status: 'final', effectivePeriod: { start: '2025-03-01', end: '2025-03-02' }, issued: '2025-03-03T12:00:00Z' },
  { resourceType: 'Observation', status: 'final', effectivePeriod: { end: '2025-03-02' }, issued: '2025-03-03T12:00:00Z' },
  { resourceType: 'Observation', status: 'final', issued: '2025-03-03T12:00:00Z' },
  { resourceType: 'Observation', status: 'final', effectiveDateTime: '2025-03' },
  { resourceType: 'Observation', status: 'final', effectiveDateTime: '' },
  { resourceType: 'Observation', status: 'final' },
];

const conditions: Record<string, unknown>[] = [
  { resourceType: 'Condition', onsetDateTime: '2025-03-03', recordedDate: '2025-03-04' },
  { resourceType: 'Condition', onsetPeriod: { start: '2025-02-01' }, recordedDate: '2025-03-04' },
  { resourceType: 'Condition', onsetAge: { value: 40, unit: 'a' }, recordedDate: '2025-03-04' },
  { resourceType: 'Condition', onsetString: 'childhood' },
  { resourceType: 'Condition' },
];

describe('compileFirstOf (issue 7 optimisation of the date paths)', () => {
  it('gives the same first() as the union for observations of every date shape', () => {
    const union = compilePath(OBSERVATION_BRANCHES.join(' | '), isString);
    const chart = generateChart({ size: 300, seed: 11 }).resources.filter((r) => r.resourceType === 'Observation');
    for (const observation of [...observations, ...chart]) {
      expect(first(paths.observationWhen, observation)).toBe(first(union, observation));
    }
    expect(first(paths.observationWhen, observations[2])).toBe('2025-03-01');
  });

  it('falls back to issued when effective[x] is malformed (the union threw inside fhirpath.js and lost both)', () => {
    const malformed = { resourceType: 'Observation', status: 'final', effectiveDateTime: 42, issued: '2025-03-03T12:00:00Z' };
    expect(first(compilePath(OBSERVATION_BRANCHES.join(' | '), isString), malformed)).toBeNull();
    expect(first(paths.observationWhen, malformed)).toBe('2025-03-03T12:00:00Z');
    expect(paths.observationWhen({ resourceType: 'Observation', effectiveDateTime: 42 })).toEqual([]);
  });

  it('gives the same first() as the union for condition onsets', () => {
    const union = compilePath(CONDITION_BRANCHES.join(' | '), isString);
    for (const condition of conditions) {
      expect(first(paths.conditionOnset, condition)).toBe(first(union, condition));
    }
  });

  it('stops at the first branch that answers and returns [] when none does', () => {
    const path = compileFirstOf(['Observation.status', 'Observation.issued'], isString);
    expect(path({ resourceType: 'Observation', status: 'final', issued: '2025-01-01T00:00:00Z' })).toEqual(['final']);
    expect(path({ resourceType: 'Observation', issued: '2025-01-01T00:00:00Z' })).toEqual(['2025-01-01T00:00:00Z']);
    expect(path({ resourceType: 'Observation' })).toEqual([]);
    expect(path('not a resource')).toEqual([]);
  });
});
