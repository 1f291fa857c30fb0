import { codeValue, condition, facts, finding, gastrocnemiusEpisode, patient, quantityObs, SCT } from './builders';

const NOW = '2025-03-10T12:00:00Z';
const ep = () => [patient('1985-01-01'), ...gastrocnemiusEpisode('2025-03-09')];

describe('pregnancy, postpartum, breastfeeding (RULES §2.7, §7.4)', () => {
  test('an active pregnancy Condition (SNOMED or O22.3x) → pregnant', () => {
    expect(facts(NOW, [condition('77386006', '2024-11-01', { system: SCT })]).pregnant).toBe(true);
    expect(facts(NOW, [condition('O22.32', '2025-03-09')]).pregnant).toBe(true);
    expect(facts(NOW, []).pregnant).toBe(false);
  });

  test('a delivery after the pregnancy ends it; postpartum day 42 counts, day 43 does not', () => {
    const records = (delivery: string) => [condition('Z34.00', '2024-06-01'), condition('O80', delivery)];
    const day42 = facts('2025-03-10T12:00:00Z', records('2025-01-27'));
    expect(day42.pregnant).toBe(false);
    expect(day42.postpartumDays).toBe(42);
    expect(day42.evidence['postpartum']).toEqual(expect.objectContaining({ value: 42, date: '2025-01-27' }));
    expect(facts('2025-03-10T12:00:00Z', records('2025-01-26')).postpartumDays).toBeNull();
  });

  test('breastfeeding from Z39.1, overridden by a newer "not breastfeeding" observation', () => {
    expect(facts(NOW, [condition('Z39.1', '2025-02-20')]).breastfeeding).toBe(true);
    const stopped = { resourceType: 'Observation', id: 'bf', status: 'final', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z39.1' }] }, valueBoolean: false, effectiveDateTime: '2025-03-05' };
    expect(facts(NOW, [condition('Z39.1', '2025-02-20'), stopped]).breastfeeding).toBe(false);
  });
});

describe('active cancer (RULES §2.7)', () => {
  test('metastatic colon cancer on chemotherapy → luminal GI site, metastatic (SC04)', () => {
    const f = facts('2025-03-06T12:00:00Z', [condition('C18.9', '2024-11-10', { id: 'colon' }), condition('C78.7', '2025-01-15'), condition('Z51.11', '2025-02-20')]);
    expect(f.activeCancer).toEqual({ site: 'gi-luminal', metastatic: true, source: 'Condition/colon' });
    expect(f.evidence['activeCancer']).toEqual(expect.objectContaining({ source: 'Condition/colon', rule: expect.stringContaining('metastatic') }));
  });

  test('site drives agent choice: gastric, gastro-oesophageal junction, GU', () => {
    expect(facts(NOW, [condition('C16.9', '2025-02-01')]).activeCancer?.site).toBe('gastric');
    expect(facts(NOW, [condition('C16.0', '2025-02-01')]).activeCancer?.site).toBe('gastroesophageal');
    expect(facts(NOW, [condition('C61', '2025-02-01')]).activeCancer?.site).toBe('gu');
    expect(facts(NOW, [condition('C50.911', '2025-02-01')]).activeCancer?.site).toBe('other');
  });

  test('an old localised cancer without therapy is not active; C44 skin cancer and history codes never are', () => {
    expect(facts(NOW, [condition('C50.911', '2023-01-01')]).activeCancer).toBeNull();
    expect(facts(NOW, [condition('C50.911', '2023-01-01'), condition('Z51.11', '2025-01-15')]).activeCancer).not.toBeNull();
    expect(facts(NOW, [condition('C44.91', '2025-02-01')]).activeCancer).toBeNull();
    expect(facts(NOW, [condition('Z85.038', '2025-02-01')]).activeCancer).toBeNull();
    expect(facts(NOW, [condition('C18.9', '2025-02-01', { status: 'remission' })]).activeCancer).toBeNull();
  });

  test('the 6-month window is knowledge: diagnosed 2024-09-11 is active on 2025-03-10, 2024-09-09 is not', () => {
    expect(facts(NOW, [condition('C50.911', '2024-09-11')]).activeCancer).not.toBeNull();
    expect(facts(NOW, [condition('C50.911', '2024-09-09')]).activeCancer).toBeNull();
  });
});

describe('risk factors (RULES §2.7, §5.2)', () => {
  test('COVID-19 within 90 days of the diagnosis counts; 91 days does not (SC12)', () => {
    expect(facts(NOW, [...ep(), condition('U07.1', '2024-12-09')]).covid19).toBe(true);
    expect(facts(NOW, [...ep(), condition('U07.1', '2024-12-08')]).covid19).toBe(false);
    expect(facts(NOW, [...ep(), condition('840539006', '2025-02-20', { system: SCT })]).evidence['covid19']).toEqual(expect.objectContaining({ date: '2025-02-20' }));
  });

  test('inpatient: current IMP encounter (R4 Coding) or R5 CodeableConcept list; ED is not inpatient', () => {
    const enc = (cls: unknown, status = 'in-progress', period: Record<string, string> = { start: '2025-02-26' }) =>
      ({ resourceType: 'Encounter', id: 'e', status, class: cls, period });
    const imp = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' };
    expect(facts(NOW, [...ep(), enc(imp)]).inpatientOrRecentHosp).toBe(true);
    expect(facts(NOW, [...ep(), enc([{ coding: [imp] }])]).inpatientOrRecentHosp).toBe(true);
    expect(facts(NOW, [...ep(), enc({ ...imp, code: 'EMER' })]).inpatientOrRecentHosp).toBe(false);
    expect(facts(NOW, [...ep(), enc(imp, 'finished', { start: '2024-12-01', end: '2024-12-10' })]).inpatientOrRecentHosp).toBe(true);
    expect(facts(NOW, [...ep(), enc(imp, 'finished', { start: '2024-11-01', end: '2024-12-08' })]).inpatientOrRecentHosp).toBe(false);
  });

  test('surgery within 90 days of the diagnosis: day 90 in, day 91 out; only completed procedures', () => {
    const proc = (date: string, status = 'completed') => ({
      resourceType: 'Procedure', id: 'p', status, code: { coding: [{ system: SCT, code: '609588000' }] }, performedDateTime: date,
    });
    expect(facts(NOW, [...ep(), proc('2024-12-09')]).recentSurgery).toBe(true);
    expect(facts(NOW, [...ep(), proc('2024-12-08')]).recentSurgery).toBe(false);
    expect(facts(NOW, [...ep(), proc('2025-03-01', 'in-progress')]).recentSurgery).toBe(false);
    const byCategory = { resourceType: 'Procedure', id: 'c', status: 'completed', category: { coding: [{ system: SCT, code: '387713003' }] }, performedPeriod: { start: '2025-02-01', end: '2025-02-01' } };
    expect(facts(NOW, [...ep(), byCategory]).evidence['recentSurgery']).toEqual(expect.objectContaining({ source: 'Procedure/c' }));
  });

  test('provocation: attested value, unknown is not unprovoked and is said plainly (§7.9)', () => {
    const unprovoked = facts(NOW, [...ep(), finding('vte-provocation', '2025-03-09', codeValue('unprovoked'))]);
    expect(unprovoked.provocation).toBe('unprovoked');
    expect(unprovoked.evidence['unprovoked']).toBeDefined();
    const unknown = facts(NOW, ep());
    expect(unknown.provocation).toBe('unknown');
    expect(unknown.evidence['unprovoked']).toBeUndefined();
    expect(unknown.missing).toContain('Provocation not recorded (unknown is not counted as unprovoked)');
  });

  test('severe symptoms: attested, Condition.severity, or pain NRS ≥ 7 (6 is not)', () => {
    expect(facts(NOW, [...ep(), finding('severe-symptoms', '2025-03-09', { valueBoolean: true })]).severeSymptoms).toBe(true);
    expect(facts(NOW, [...ep(), quantityObs('72514-3', 8, '{score}', '2025-03-09T10:00:00Z')]).severeSymptoms).toBe(true);
    expect(facts(NOW, [...ep(), quantityObs('72514-3', 7, '{score}', '2025-03-09T10:00:00Z')]).evidence['severeSymptoms']).toEqual(expect.objectContaining({ value: 7, rule: 'NRS ≥ 7' }));
    expect(facts(NOW, [...ep(), quantityObs('72514-3', 6, '{score}', '2025-03-09T10:00:00Z')]).severeSymptoms).toBe(false);
    expect(facts(NOW, [patient('1985-01-01'), condition('I82.461', '2025-03-09', { severity: '24484000' })]).severeSymptoms).toBe(true);
    // A pain score from before this episode's presentation window does not count.
    expect(facts(NOW, [...ep(), quantityObs('72514-3', 9, '{score}', '2025-03-01T10:00:00Z')]).severeSymptoms).toBe(false);
  });

  test('preference: anticoagulation / serial-imaging / none-stated', () => {
    expect(facts(NOW, [...ep(), finding('management-preference', '2025-03-09', codeValue('anticoagulation'))]).preference).toBe('anticoagulation');
    expect(facts(NOW, ep()).preference).toBe('none-stated');
  });

  test('prior VTE: history codes, chronic codes, or an acute episode older than the window', () => {
    expect(facts(NOW, [...ep(), condition('Z86.718', '2019-01-01')]).priorVte).toBe(true);
    expect(facts(NOW, [...ep(), condition('I82.451', '2024-06-01', { status: 'resolved' })]).priorVte).toBe(true);
    expect(facts(NOW, ep()).priorVte).toBe(false);
  });

  test('triple-positive APS needs the syndrome AND the attestation', () => {
    const attest = finding('aps-triple-positive', '2025-01-01', { valueBoolean: true });
    expect(facts(NOW, [condition('D68.61', '2020-01-01'), attest]).triplePositiveAps).toBe(true);
    expect(facts(NOW, [condition('D68.61', '2020-01-01')]).triplePositiveAps).toBe(false);
    expect(facts(NOW, [attest]).triplePositiveAps).toBe(false);
  });
});

describe('robustness: odd data never throws', () => {
  test('garbage resources, wrong types and missing fields become "not recorded"', () => {
    const garbage: unknown[] = [
      null, 42, 'Condition', { resourceType: 7 }, { resourceType: 'Condition', code: 'I82.461' },
      { resourceType: 'Condition', code: { coding: 'I82.461' }, onsetDateTime: 12 },
      { resourceType: 'Condition', code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I82.461' }] }, onsetDateTime: 'yesterday' },
      { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '48065-7' }] }, valueQuantity: 'lots' },
      { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: '70', unit: 'kg' } },
      { resourceType: 'MedicationRequest', status: 'active', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '854235' }] }, dosageInstruction: 'daily' },
      { resourceType: 'Encounter', class: 'IMP', period: 'last week' },
      { resourceType: 'ServiceRequest', code: null },
      { resourceType: 'Patient', id: 'p1', birthDate: 1980 },
    ];
    const f = facts(NOW, garbage);
    expect(f.episode).toBeNull();
    expect(f.ageYears).toBeNull();
    expect(f.weightKg).toBeNull();
    expect(f.anticoagulants).toEqual([expect.objectContaining({ agent: 'enoxaparin', intent: 'unknown' })]);
    expect(f.missing).toEqual(expect.arrayContaining(['Age not recorded (Patient.birthDate)', 'Weight not recorded']));
  });

  test('an invalid "now" and an empty record still give a complete Facts object', () => {
    const f = facts('not a date', []);
    expect(f).toEqual(expect.objectContaining({ episode: null, dDimer: null, bleeding: { contraindications: [], score: 0, category: 'low', factors: [] } }));
  });
});
