/**
 * RecordIndex.inValueSet (issue 7): the value-set buckets built once per evaluation from the inverted lookup must
 * list the same resources, in the same order and with the same matching coding, as asking `has` for every code
 * group (what an index without setsContaining still does) — the facts' "first hit" and date ties depend on it.
 */
import type { FhirResource } from 'fhir/r4';
import { generateChart } from '../../../bench/chart-generator';
import { RecordIndex } from '../../../src/clinical/facts/record-index';
import type { ValueSetIndex } from '../../../src/clinical/knowledge/types';
import { UnknownValueSetError } from '../../../src/clinical/knowledge/value-set-index';
import { condition, ICD, knowledge, LOINC, quantityObs } from './builders';

const vs = knowledge.valueSets;
/** The same index seen through has() only: inValueSet takes the per-group scan. */
const scanOnly: ValueSetIndex = { has: vs.has.bind(vs), match: vs.match.bind(vs), ids: vs.ids.bind(vs), codes: vs.codes.bind(vs) };

type Row = [string, string, string];

function rows(index: RecordIndex, type: 'Condition' | 'Observation', through: ValueSetIndex): Row[] {
  return vs.ids().flatMap((id) => index.inValueSet(type, id, through).map((m): Row => [id, `${m.coding.system}|${m.coding.code}`, m.resource.id ?? '?']));
}

function expectSameBuckets(resources: readonly unknown[]): void {
  for (const type of ['Condition', 'Observation'] as const) {
    const bucketed = rows(new RecordIndex(resources), type, vs);
    expect(bucketed).toEqual(rows(new RecordIndex(resources), type, scanOnly));
    // valueSetMembers: every resource of some bucket, once.
    const members = new RecordIndex(resources).valueSetMembers(type, vs).map((r) => r.id);
    expect(new Set(members).size).toBe(members.length);
    expect(new Set(members)).toEqual(new Set(bucketed.map((r) => r[2])));
  }
}

const twoCodings = (id: string, codes: readonly (readonly [string, string])[]): FhirResource => ({
  ...quantityObs('29463-7', 70, 'kg', '2025-03-01T10:00:00Z'), id, code: { coding: codes.map(([system, code]) => ({ system, code })) },
} as FhirResource);

describe('RecordIndex value-set buckets', () => {
  test('generated charts: the same members, order and codings as the per-group scan', () => {
    for (const [size, seed] of [[200, 7], [600, 3], [60, 11]] as const) {
      const chart = generateChart({ size, seed });
      expectSameBuckets(chart.resources);
    }
  });

  test('several codings, repeated objects, large groups and malformed codings', () => {
    const weight = quantityObs('29463-7', 70, 'kg', '2025-03-01T10:00:00Z');
    const dvt = condition('I82.461', '2025-03-01');
    const large = Array.from({ length: 40 }, (_, i) => ({ ...quantityObs('777-3', 200 + i, '10*9/L', '2025-02-01T10:00:00Z'), id: `plt-${i}` }) as FhirResource);
    const resources: unknown[] = [
      twoCodings('w2', [[LOINC, '3141-9'], [LOINC, '29463-7']]),
      twoCodings('mixed', [[LOINC, '777-3'], [LOINC, '29463-7'], [LOINC, '777-3']]),
      // Two spellings of one DVT code: two code groups in the same set, listed once, with the first one's coding.
      { ...condition('I82.461', '2025-03-01'), id: 'both', code: { coding: [{ system: ICD, code: 'I82461' }, { system: ICD, code: 'I82.461' }] } },
      weight, ...large, weight, large[3], dvt, condition('I82.461', '2025-03-02'), dvt,
      { ...condition('I82.4Z1', '2025-03-01'), code: { coding: [null, { code: 'x' }, { system: ICD, code: 'I82.4Z1' }, { system: ICD, code: 'I82461' }] } },
      { resourceType: 'Observation', code: 'not a concept' }, { resourceType: 'Observation' }, null, 'text',
    ];
    expectSameBuckets(resources);
    const index = new RecordIndex(resources);
    expect(index.inValueSet('Observation', 'body-weight', vs).map((m) => m.resource.id)).toEqual(['w2', 'mixed', weight.id]);
    expect(index.inValueSet('Observation', 'platelets', vs)).toHaveLength(41);
    const calf = index.inValueSet('Condition', 'dvt-acute-calf-muscular', vs);
    expect(calf.filter((m) => m.resource.id === 'both').map((m) => m.coding.code)).toEqual(['I82461']);
  });

  test('an unknown value-set id still throws as has() does (when the type has coded resources)', () => {
    const index = new RecordIndex([condition('I82.461', '2025-03-01')]);
    expect(() => index.inValueSet('Condition', 'no-such-set', vs)).toThrow(UnknownValueSetError);
    expect(new RecordIndex([]).inValueSet('Condition', 'no-such-set', vs)).toEqual([]);
  });
});
