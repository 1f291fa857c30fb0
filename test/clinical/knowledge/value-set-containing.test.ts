/**
 * The inverted value-set lookup (issue 7): `setsContaining(system, code)` must name exactly the sets for which
 * `has(id, coding)` is true — for every listed code of every shipped value set, the ICD-10-CM spellings, the
 * intensional (regex filter) sets, excludes and unverified codes — and membershipsOf must answer like has().
 */
import type { Coding } from 'fhir/r4';
import { loadKnowledge } from '../../../src/clinical/knowledge/load';
import {
  buildValueSetIndex, ICD10CM, membershipsOf, UnknownValueSetError, type ValueSetJson,
} from '../../../src/clinical/knowledge/value-set-index';
import type { ValueSetIndex } from '../../../src/clinical/knowledge/types';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SCT = 'http://snomed.info/sct';

/** Every coding a shipped set lists, in the spellings a chart may use (ICD with/without dot, lower case). */
function listedCodings(vs: ValueSetIndex): Coding[] {
  const out: Coding[] = [];
  for (const id of vs.ids()) {
    for (const c of vs.codes(id)) {
      out.push({ system: c.system, code: c.code });
      if (c.system === ICD10CM && c.code !== undefined) {
        out.push({ system: ICD10CM, code: c.code.replace('.', '') }, { system: ICD10CM, code: c.code.toLowerCase() });
      }
    }
  }
  return out;
}

/** ICD-10-CM-shaped codes across every chapter: what the regex filters (C00–C96, I82.4-, O22.3- …) see. */
function icdGrid(): Coding[] {
  const out: Coding[] = [];
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    for (let n = 0; n < 100; n += 1) {
      const stem = `${letter}${String(n).padStart(2, '0')}`;
      for (const tail of ['', '.0', '.9', '.1', '.32', '.461', '.4Z1', '.A11', '.621', '.721', '.00']) out.push({ system: ICD10CM, code: `${stem}${tail}` });
    }
  }
  return out;
}

function expectSameAsHas(vs: ValueSetIndex, codings: readonly Coding[]): void {
  const ids = vs.ids();
  const mismatches: string[] = [];
  for (const coding of codings) {
    const containing = vs.setsContaining?.(coding.system as string, coding.code as string);
    const inSet = membershipsOf(vs, { coding: [coding] });
    for (const id of ids) {
      const expected = vs.has(id, coding);
      if (containing?.has(id) !== expected) mismatches.push(`setsContaining ${coding.system}|${coding.code} ${id}: has=${String(expected)}`);
      if (inSet(id) !== expected) mismatches.push(`membershipsOf ${coding.system}|${coding.code} ${id}: has=${String(expected)}`);
    }
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
}

describe('ValueSetIndex.setsContaining (inverted lookup)', () => {
  const vs = loadKnowledge('hooks').valueSets;

  test('answers exactly as has() for every code of every shipped value set', () => {
    const codings = listedCodings(vs);
    expect(codings.length).toBeGreaterThan(200);
    expectSameAsHas(vs, codings);
  });

  test('answers exactly as has() for the filter (intensional) sets across ICD-10-CM', () => {
    const grid = icdGrid();
    expectSameAsHas(vs, grid);
    // The filters do fire: a malignancy is found through a regex, not a listed concept.
    expect([...(vs.setsContaining?.(ICD10CM, 'C18.9') ?? [])]).toContain('cancer-malignant');
    expect(vs.setsContaining?.(ICD10CM, 'C44.91').has('cancer-malignant')).toBe(false);
  });

  test('codes of other systems, unknown codes and unverified codes are in no set', () => {
    expectSameAsHas(vs, [
      { system: SCT, code: 'I82.461' }, { system: 'urn:x', code: '1' }, { system: RXNORM, code: '69528' }, { system: ICD10CM, code: '' },
    ]);
    expect(vs.setsContaining?.(RXNORM, '69528').size).toBe(0);
  });

  test('excludes win over listed concepts and filters, as in has()', () => {
    const index = buildValueSetIndex([
      {
        id: 'filtered', compose: {
          include: [{ system: ICD10CM, filter: [{ property: 'code', op: 'regex', value: '^I82' }] }],
          exclude: [{ system: ICD10CM, concept: [{ code: 'I82.461' }], filter: [{ property: 'code', op: 'regex', value: '^I82\\.5' }] }],
        },
      },
      { id: 'listed', compose: { include: [{ system: ICD10CM, concept: [{ code: 'I82.461' }, { code: 'I82.511' }] }] } },
      {
        id: 'listed-excluded', compose: {
          include: [{ system: ICD10CM, concept: [{ code: 'I82.462' }] }], exclude: [{ system: ICD10CM, concept: [{ code: 'I82.462' }] }],
        },
      },
    ] satisfies ValueSetJson[]);
    expect([...index.setsContaining(ICD10CM, 'I82.461')]).toEqual(['listed']);
    expect([...index.setsContaining(ICD10CM, 'I82511')]).toEqual(['listed']);
    expect([...index.setsContaining(ICD10CM, 'I82.462')]).toEqual(['filtered']);
    expectSameAsHas(index, icdGrid().filter((c) => c.code?.startsWith('I8')));
  });

  test('keeps answering correctly after far more distinct codes than it remembers (bounded memo)', () => {
    const many: Coding[] = [];
    for (let i = 0; i < 10_000; i += 1) many.push({ system: 'urn:local', code: `c${i}` });
    for (const coding of many) expect(vs.setsContaining?.(coding.system as string, coding.code as string).size).toBe(0);
    expectSameAsHas(vs, listedCodings(vs).slice(0, 50));
  });

  test('membershipsOf still throws for a value set the index does not know', () => {
    expect(() => membershipsOf(vs, { system: ICD10CM, code: 'I82.461' })('no-such-set')).toThrow(UnknownValueSetError);
  });
});
