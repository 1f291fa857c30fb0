import { loadKnowledge } from '../../../src/clinical/knowledge/load';
import { buildValueSetIndex, UnknownValueSetError } from '../../../src/clinical/knowledge/value-set-index';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const SCT = 'http://snomed.info/sct';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const vs = loadKnowledge('hooks').valueSets;
const icd = (code: string) => ({ system: ICD, code });

describe('ValueSetIndex', () => {
  test('ICD-10-CM matches with or without the dot, any case', () => {
    expect(vs.has('dvt-acute-calf-muscular', icd('I82.461'))).toBe(true);
    expect(vs.has('dvt-acute-calf-muscular', icd('I82461'))).toBe(true);
    expect(vs.has('dvt-acute-calf-muscular', icd('i82.461'))).toBe(true);
    expect(vs.has('dvt-acute-calf-muscular', icd('I82.451'))).toBe(false);
  });

  test('a CodeableConcept matches on any of its codings; match returns that coding', () => {
    const concept = { coding: [{ system: 'urn:x', code: '1' }, icd('I82.452')] };
    expect(vs.match('dvt-acute-distal-axial', concept)).toEqual(icd('I82.452'));
    expect(vs.match('dvt-acute-distal-axial', undefined)).toBeUndefined();
  });

  test('the code system matters', () => {
    expect(vs.has('dvt-acute-calf-muscular', { system: SCT, code: 'I82.461' })).toBe(false);
  });

  test('regex filters implement intensional sets: C00–C96 incl. C4A/C7A/C7B, without C44, D-codes or Z85', () => {
    for (const code of ['C18.9', 'C16.0', 'C4A.9', 'C7A.00', 'C7B.01', 'C96.9', 'C00.0', 'C80.1']) expect(vs.has('cancer-malignant', icd(code))).toBe(true);
    for (const code of ['C44.91', 'C44.92', 'D05.10', 'D49.9', 'Z85.038', 'C97']) expect(vs.has('cancer-malignant', icd(code))).toBe(false);
    expect(vs.has('cancer-malignant', { system: SCT, code: '363346000' })).toBe(true);
    expect(vs.has('cancer-metastatic', icd('C78.7'))).toBe(true);
    expect(vs.has('cancer-metastatic', icd('C80.0'))).toBe(true);
    expect(vs.has('cancer-metastatic', icd('C80.1'))).toBe(false);
    expect(vs.has('pulmonary-embolism', icd('I26.99'))).toBe(true);
    expect(vs.has('upper-limb-dvt', icd('I82.621'))).toBe(true);
    expect(vs.has('upper-limb-dvt', icd('I82.A11'))).toBe(true);
    expect(vs.has('upper-limb-dvt', icd('I82.721'))).toBe(false);
  });

  test('codes marked unverified stay in the data but are ignored; single-source codes are used', () => {
    expect(vs.has('anticoagulant-tinzaparin', { system: RX, code: '69528' })).toBe(false);
    expect(vs.has('crcl-reported', { system: 'http://loinc.org', code: '35591-7' })).toBe(true);
  });

  test('body-structure concepts name their vein', () => {
    expect(vs.concept?.('vein-calf-muscular', { coding: [{ system: SCT, code: '264481007' }] })).toEqual(
      expect.objectContaining({ code: '264481007', display: 'Gastrocnemius vein', vein: 'gastrocnemius' }),
    );
    expect(vs.codes('vein-distal-axial').map((c) => c.code)).toEqual(['26703007', '4258007', '71758008']);
  });

  test('an unknown value-set id throws (start-up checks make this a programming error)', () => {
    expect(() => vs.has('no-such-set', icd('I82.461'))).toThrow(UnknownValueSetError);
  });

  test('exclude entries win over includes', () => {
    const index = buildValueSetIndex([{
      id: 't', compose: { include: [{ system: ICD, filter: [{ property: 'code', op: 'regex', value: '^I82' }] }], exclude: [{ system: ICD, concept: [{ code: 'I82.461' }] }] },
    }]);
    expect(index.has('t', icd('I82.462'))).toBe(true);
    expect(index.has('t', icd('I82461'))).toBe(false);
  });

  test('odd input never throws', () => {
    expect(vs.has('covid19', { coding: 'U07.1' } as never)).toBe(false);
    expect(vs.has('covid19', { coding: [null, { code: 'U07.1' }] } as never)).toBe(false);
    expect(vs.has('covid19', { coding: [{ system: ICD, code: 'U07.1' }] })).toBe(true);
  });
});
