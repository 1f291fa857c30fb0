import { condition, facts, gastrocnemiusEpisode, medication, patient, quantityObs, withThresholds } from './builders';

const NOW = '2025-03-10T15:00:00Z';
const D0 = '2025-03-10';
const episode = (): unknown[] => [patient('1980-01-01'), ...gastrocnemiusEpisode(D0)];
const dd = (value: number, unit: string, when = `${D0}T08:00:00Z`, loinc = '48065-7', extra: Record<string, unknown> = {}) =>
  quantityObs(loinc, value, unit, when, extra);

describe('D-dimer normalisation (RULES §3.1)', () => {
  test.each([
    ['ng/mL FEU', 1150, 'ng/mL{FEU}', '48065-7', 1150],
    ['mg/L FEU', 1.15, 'mg/L{FEU}', '48065-7', 1150],
    ['µg/mL FEU', 0.42, 'ug/mL', '48065-7', 420],
    ['plain ng/mL on a FEU code', 420, 'ng/mL', '48067-3', 420],
    ['DDU × 2', 300, 'ng/mL', '48066-5', 600],
    ['DDU in mg/L × 2', 0.3, 'mg/L{DDU}', '48058-2', 600],
    ['ambiguous code with a {FEU} annotation', 650, 'ng/mL{FEU}', '7799-0', 650],
    ['ambiguous code with a {DDU} annotation', 325, 'ng/mL{DDU}', '3246-6', 650],
  ])('%s', (_name, value, unit, loinc, feu) => {
    const f = facts(NOW, [...episode(), dd(value, unit, `${D0}T08:00:00Z`, loinc)]);
    expect(f.dDimer?.valueFeuNgMl).toBeCloseTo(feu, 6);
    expect(f.dDimer?.cutoffSource).toBe('fixed');
  });

  test('the DDU factor is knowledge: 1.8 gives 540', () => {
    const f = facts(NOW, [...episode(), dd(300, 'ng/mL', `${D0}T08:00:00Z`, '48066-5')], withThresholds({ dduToFeuFactor: 1.8 }));
    expect(f.dDimer?.valueFeuNgMl).toBeCloseTo(540, 6);
  });

  test('the lab reference range wins over the generic cut-off, compared in the same unit', () => {
    const withRange = dd(0.45, 'mg/L{FEU}', `${D0}T08:00:00Z`, '48065-7', { referenceRange: [{ high: { value: 400, code: 'ng/mL', system: 'http://unitsofmeasure.org' } }] });
    const f = facts(NOW, [...episode(), withRange]);
    expect(f.dDimer).toEqual(expect.objectContaining({ valueFeuNgMl: 450, positive: true, cutoffSource: 'lab-reference-range', cutoffFeuNgMl: 400, marked: false }));
    expect(f.evidence['dDimerPositive']).toEqual(expect.objectContaining({ rule: expect.stringContaining('lab upper limit 400') }));
  });

  test('an ambiguous code without range or flag is indeterminate, and the card is told why', () => {
    const f = facts(NOW, [...episode(), dd(650, 'ng/mL', `${D0}T08:00:00Z`, '7799-0')]);
    expect(f.dDimer).toEqual(expect.objectContaining({ positive: 'indeterminate', valueFeuNgMl: null, basis: 'unknown', marked: false }));
    expect(f.missing).toContain('D-dimer indeterminate: FEU/DDU not stated and no lab reference range or flag');
    expect(f.evidence['dDimerPositive']).toBeUndefined();
  });

  test('an ambiguous code with a reference range uses the range; with only a flag, the flag', () => {
    const ranged = facts(NOW, [...episode(), dd(260, 'ng/mL', `${D0}T08:00:00Z`, '7799-0', { referenceRange: [{ high: { value: 230, code: 'ng/mL' } }] })]);
    expect(ranged.dDimer).toEqual(expect.objectContaining({ positive: true, cutoffSource: 'lab-reference-range', valueFeuNgMl: null }));
    const flagged = facts(NOW, [...episode(), dd(260, 'ng/mL', `${D0}T08:00:00Z`, '30240-6', { interpretation: [{ coding: [{ code: 'N' }] }] })]);
    expect(flagged.dDimer).toEqual(expect.objectContaining({ positive: false, cutoffSource: 'lab-interpretation' }));
  });

  test('an unrecognised unit is indeterminate, not a crash', () => {
    const f = facts(NOW, [...episode(), dd(420, 'FEU-units-per-something', `${D0}T08:00:00Z`)]);
    expect(f.dDimer?.positive).toBe('indeterminate');
    expect(f.missing.some((m) => m.startsWith('D-dimer indeterminate'))).toBe(true);
  });
});

describe('D-dimer positivity and timing (RULES §3.2, §7.5–7.7, §7.11)', () => {
  test('≥ 500 is positive, ≥ 2 × cut-off is marked', () => {
    expect(facts(NOW, [...episode(), dd(499, 'ng/mL{FEU}')]).dDimer?.positive).toBe(false);
    expect(facts(NOW, [...episode(), dd(500, 'ng/mL{FEU}')]).dDimer).toEqual(expect.objectContaining({ positive: true, marked: false }));
    const marked = facts(NOW, [...episode(), dd(1000, 'ng/mL{FEU}')]);
    expect(marked.dDimer?.marked).toBe(true);
    expect(marked.evidence['dDimerMarked']).toEqual(expect.objectContaining({ value: 1000, unit: 'ng/mL FEU' }));
  });

  test('age-adjusted cut-off only when configured: 74 y, 650 → positive by default, negative at 740 (SC17)', () => {
    const records = [patient('1950-06-01'), ...gastrocnemiusEpisode(D0), dd(650, 'ng/mL{FEU}')];
    expect(facts(NOW, records).dDimer).toEqual(expect.objectContaining({ positive: true, cutoffFeuNgMl: 500, cutoffSource: 'fixed' }));
    expect(facts(NOW, records, withThresholds({ useAgeAdjustedDDimer: true })).dDimer).toEqual(
      expect.objectContaining({ positive: false, cutoffFeuNgMl: 740, cutoffSource: 'age-adjusted' }),
    );
    const young = [patient('1980-01-01'), ...gastrocnemiusEpisode(D0), dd(650, 'ng/mL{FEU}')];
    expect(facts(NOW, young, withThresholds({ useAgeAdjustedDDimer: true })).dDimer?.cutoffSource).toBe('fixed');
  });

  test('window −72 h / +24 h around the diagnosis day: edges in, beyond out', () => {
    expect(facts(NOW, [...episode(), dd(900, 'ng/mL{FEU}', '2025-03-07T00:00:00Z')]).dDimer).not.toBeNull();
    expect(facts(NOW, [...episode(), dd(900, 'ng/mL{FEU}', '2025-03-06T23:59:00Z')]).dDimer).toBeNull();
    const later = '2025-03-12T15:00:00Z';
    expect(facts(later, [...episode(), dd(900, 'ng/mL{FEU}', '2025-03-12T00:00:00Z')]).dDimer).not.toBeNull();
    expect(facts(later, [...episode(), dd(900, 'ng/mL{FEU}', '2025-03-12T00:01:00Z')]).dDimer).toBeNull();
  });

  test('the result closest to the diagnosis is used', () => {
    const f = facts(NOW, [...episode(), dd(2000, 'ng/mL{FEU}', '2025-03-08T08:00:00Z'), dd(450, 'ng/mL{FEU}', `${D0}T07:00:00Z`)]);
    expect(f.dDimer?.valueFeuNgMl).toBe(450);
  });

  test('drawn after therapeutic anticoagulation began → not used ("not recorded")', () => {
    const apixaban = medication('1364445', { value: 10, unit: 'mg' }, 2, { authoredOn: '2025-03-09' });
    const f = facts(NOW, [...episode(), apixaban, dd(900, 'ng/mL{FEU}', `${D0}T08:00:00Z`)]);
    expect(f.dDimer).toBeNull();
    expect(f.missing).toContain('D-dimer not recorded (within −72 h/+24 h of the diagnosis, before anticoagulation)');
    // Prophylactic LMWH does not lower the bar.
    const prophylaxis = medication('854235', { value: 40, unit: 'mg' }, 1, { authoredOn: '2025-03-09' });
    expect(facts(NOW, [...episode(), prophylaxis, dd(900, 'ng/mL{FEU}', `${D0}T08:00:00Z`)]).dDimer).not.toBeNull();
  });

  test('confounders are listed (cancer, pregnancy, recent surgery, COVID-19, trauma), the value still shown', () => {
    const cancer = facts(NOW, [...episode(), condition('C18.9', '2025-01-10'), dd(3100, 'ng/mL{FEU}')]);
    expect(cancer.dDimer?.confounders).toEqual(['active cancer']);
    expect(cancer.evidence['dDimer']).toEqual(expect.objectContaining({ rule: expect.stringContaining('confounded by active cancer') }));
    const pregnant = facts(NOW, [...episode(), condition('77386006', '2024-12-01', { system: 'http://snomed.info/sct' }), dd(1400, 'ng/mL{FEU}')]);
    expect(pregnant.dDimer?.confounders).toEqual(['pregnancy']);
    const surgery = { resourceType: 'Procedure', id: 'tka', status: 'completed', code: { coding: [{ system: 'http://snomed.info/sct', code: '609588000' }] }, performedDateTime: '2025-02-20' };
    expect(facts(NOW, [...episode(), surgery, dd(2600, 'ng/mL{FEU}')]).dDimer?.confounders).toEqual(['recent surgery']);
    const oldSurgery = { ...surgery, performedDateTime: '2025-01-20' };
    expect(facts(NOW, [...episode(), oldSurgery, dd(2600, 'ng/mL{FEU}')]).dDimer?.confounders).toEqual([]);
    expect(facts(NOW, [...episode(), condition('U07.1', '2025-02-20'), dd(800, 'ng/mL{FEU}')]).dDimer?.confounders).toEqual(['COVID-19']);
    expect(facts(NOW, [...episode(), condition('S93.401A', '2025-03-05'), dd(800, 'ng/mL{FEU}')]).dDimer?.confounders).toEqual(['trauma']);
  });

  test('no D-dimer → null and "D-dimer not recorded"; no episode → no D-dimer fact at all', () => {
    expect(facts(NOW, episode()).missing).toContain('D-dimer not recorded (within −72 h/+24 h of the diagnosis, before anticoagulation)');
    const none = facts(NOW, [patient('1980-01-01'), dd(900, 'ng/mL{FEU}')]);
    expect(none.dDimer).toBeNull();
    expect(none.missing.some((m) => m.startsWith('D-dimer'))).toBe(false);
  });
});
