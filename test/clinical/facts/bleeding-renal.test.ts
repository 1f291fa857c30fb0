import { condition, facts, gastrocnemiusEpisode, medication, patient, quantityObs } from './builders';

const NOW = '2025-03-10T12:00:00Z';

describe('CHEST bleeding count (RULES §2.7(b), §7.2)', () => {
  test('age 66 → 1 point (moderate); age 76 → 2 points (high)', () => {
    const at66 = facts(NOW, [patient('1958-06-01')]);
    expect(at66.bleeding).toEqual(expect.objectContaining({ score: 1, category: 'moderate' }));
    expect(at66.bleeding.factors.map((f) => f.label)).toEqual(['Age > 65']);
    const at76 = facts(NOW, [patient('1948-06-01')]);
    expect(at76.bleeding).toEqual(expect.objectContaining({ score: 2, category: 'high' }));
    expect(facts(NOW, [patient('1960-01-01')]).bleeding.factors.some((f) => f.label === 'Age > 65')).toBe(false);
  });

  test('age exactly 65 and 75 score no extra point (strictly greater)', () => {
    expect(facts(NOW, [patient('1960-03-10')]).bleeding.score).toBe(0);
    expect(facts(NOW, [patient('1950-03-10')]).bleeding.score).toBe(1);
  });

  test('SC04-like: age 72, cancer, metastatic, anaemia → 4, high', () => {
    const f = facts('2025-03-06T12:00:00Z', [
      patient('1952-05-01', 'male'), condition('C18.9', '2024-11-10'), condition('C78.7', '2025-01-15'),
      quantityObs('718-7', 11.2, 'g/dL', '2025-03-06'),
    ]);
    expect(f.bleeding.factors.map((x) => x.label)).toEqual(['Age > 65', 'Active cancer', 'Metastatic cancer', 'Anaemia']);
    expect(f.bleeding.category).toBe('high');
  });

  test('anaemia thresholds by sex: 12.5 g/dL is anaemia in a man, not in a woman', () => {
    expect(facts(NOW, [patient('1980-01-01', 'male'), quantityObs('718-7', 12.5, 'g/dL', '2025-03-09')]).bleeding.score).toBe(1);
    expect(facts(NOW, [patient('1980-01-01', 'female'), quantityObs('718-7', 12.5, 'g/dL', '2025-03-09')]).bleeding.score).toBe(0);
    expect(facts(NOW, [patient('1980-01-01', 'female'), quantityObs('718-7', 115, 'g/L', '2025-03-09')]).bleeding.score).toBe(1);
  });

  test('antiplatelet order, diabetes, recent surgery each add a point', () => {
    const surgery = { resourceType: 'Procedure', id: 'tka', status: 'completed', code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '27447' }] }, performedDateTime: '2025-02-27' };
    const f = facts(NOW, [patient('1980-01-01'), medication('1191', { value: 81, unit: 'mg' }, 1), condition('E11.9', '2015-01-01'), surgery]);
    expect(f.bleeding.factors.map((x) => x.label)).toEqual(['Diabetes', 'Antiplatelet therapy', 'Recent surgery']);
    expect(f.recentSurgery).toBe(true);
  });
});

describe('contraindications (RULES §7.13)', () => {
  test('platelets 38 ×10⁹/L is a contraindication and a thrombocytopenia point (SC23); 50 is not a contraindication', () => {
    const f = facts(NOW, [patient('1978-01-01'), quantityObs('777-3', 38, '10*9/L', '2025-03-10'), condition('D69.6', '2025-03-01')]);
    expect(f.bleeding.contraindications).toEqual([expect.objectContaining({ label: 'Platelets', value: 38, rule: '< 50 ×10⁹/L' })]);
    expect(f.bleeding.factors.map((x) => x.label)).toContain('Thrombocytopenia');
    expect(facts(NOW, [quantityObs('777-3', 50, '10*3/uL', '2025-03-10')]).bleeding.contraindications).toEqual([]);
  });

  test('intracranial haemorrhage within 90 days blocks; older ones only count as previous bleeding', () => {
    expect(facts(NOW, [condition('I61.9', '2025-01-15')]).bleeding.contraindications.map((c) => c.label)).toEqual(['Intracranial haemorrhage']);
    const old = facts(NOW, [condition('I61.9', '2024-10-01', { status: 'resolved' })]);
    expect(old.bleeding.contraindications).toEqual([]);
    expect(old.bleeding.factors.map((x) => x.label)).toEqual(['Previous bleeding']);
  });

  test('severe coagulopathy and clinician attestation block', () => {
    const attested = { resourceType: 'Observation', id: 'ci', status: 'final', code: { coding: [{ system: 'urn:distal-dvt-cds:findings', code: 'anticoagulation-contraindicated' }] }, valueBoolean: true, effectiveDateTime: '2025-03-09' };
    expect(facts(NOW, [condition('D68.9', '2024-01-01'), attested]).bleeding.contraindications.map((c) => c.label))
      .toEqual(['Severe coagulopathy', 'Anticoagulation contraindicated']);
    expect(facts(NOW, [{ ...attested, valueBoolean: false }]).bleeding.contraindications).toEqual([]);
  });
});

describe('renal function, weight, age', () => {
  test('Cockcroft-Gault with actual weight: SC02 (67 M, 84 kg, SCr 1.2) ≈ 71 mL/min', () => {
    const f = facts('2025-03-04T12:00:00Z', [patient('1957-06-01', 'male'), quantityObs('29463-7', 84, 'kg', '2025-03-04'), quantityObs('2160-0', 1.2, 'mg/dL', '2025-03-04')]);
    expect(f.renal.source).toBe('cockcroft-gault');
    expect(f.renal.crclMlMin).toBeCloseTo(70.97, 1);
    expect(f.evidence['crcl']).toEqual(expect.objectContaining({ value: 71, unit: 'mL/min' }));
  });

  test('female factor and molar creatinine: SC11 (60 F, 74 kg, 132.6 umol/L) ≈ 47', () => {
    const f = facts('2025-03-03T12:00:00Z', [patient('1964-06-01'), quantityObs('29463-7', 74, 'kg', '2025-03-01'), quantityObs('14682-9', 132.6, 'umol/L', '2025-03-02')]);
    expect(f.renal.crclMlMin).toBeCloseTo(46.6, 0);
  });

  test('weight in pounds is converted; weight missing → CrCl not computed, eGFR shown as proxy', () => {
    expect(facts(NOW, [quantityObs('29463-7', 154, '[lb_av]', '2025-03-01')]).weightKg).toBeCloseTo(69.85, 2);
    const f = facts(NOW, [patient('1960-01-01'), quantityObs('2160-0', 1.0, 'mg/dL', '2025-03-09'), quantityObs('98979-8', 64, 'mL/min/{1.73_m2}', '2025-03-09')]);
    expect(f.weightKg).toBeNull();
    expect(f.missing).toContain('Weight not recorded');
    expect(f.renal).toEqual(expect.objectContaining({ source: 'egfr-proxy', crclMlMin: 64 }));
    expect(facts(NOW, [patient('1960-01-01')]).renal).toEqual({ crclMlMin: null, source: 'missing' });
  });

  test('age from birthDate at "now" (UTC); missing birthDate is said plainly', () => {
    expect(facts('2025-03-14T12:00:00Z', [patient('1950-03-15')]).ageYears).toBe(74);
    expect(facts('2025-03-15T00:30:00Z', [patient('1950-03-15')]).ageYears).toBe(75);
    const f = facts(NOW, [{ resourceType: 'Patient', id: 'p1' }]);
    expect(f.ageYears).toBeNull();
    expect(f.missing).toContain('Age not recorded (Patient.birthDate)');
  });

  test('unknown lab units are skipped with a line in missing, an older usable value is used', () => {
    const f = facts(NOW, [quantityObs('29463-7', 70, 'kg', '2025-02-01'), quantityObs('29463-7', 71, 'stone-ish', '2025-03-01')]);
    expect(f.weightKg).toBe(70);
    expect(f.missing.some((m) => m.includes('unrecognised unit'))).toBe(true);
  });

  test('an episode does not need labs to be found', () => {
    expect(facts(NOW, gastrocnemiusEpisode('2025-03-09')).episode).not.toBeNull();
  });
});
