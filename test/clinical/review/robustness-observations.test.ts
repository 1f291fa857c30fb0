/**
 * Robustness: labs, medications, demographics, encounters and procedures in the shapes real EHRs send
 * (RULES §2.4, §2.6, §2.7, §3.1, §7.11, §7.14, §7.15). Never a crash; the right code or a card saying what is missing.
 */
import {
  ACT, CPT, LOINC, RXNORM, SCT, UCUM, chart, creatinine, ddimer, encounter, lab, patient, platelets, run, weight,
} from './chart';

const ddimerFact = (resources: ReturnType<typeof chart>) => run(resources).facts?.dDimer ?? null;

describe('D-dimer units and shapes (RULES §3.1)', () => {
  it('mg/L{FEU} 1.2 → 1,200 ng/mL FEU, markedly raised → anticoagulate', () => {
    const r = run(chart({ ddimer: ddimer(1.2, 'mg/L{FEU}') }));
    expect(r.facts?.dDimer?.valueFeuNgMl).toBe(1200);
    expect(r.primary).toBe('ANTICOAGULATE');
    expect(r.detail).toContain('1,200 ng/mL FEU');
  });

  it('ug/mL on the FEU code (48065-7) → ×1000 ng/mL FEU', () => {
    expect(ddimerFact(chart({ ddimer: ddimer(0.8, 'ug/mL') }))?.valueFeuNgMl).toBe(800);
  });

  it('plain ng/mL on the DDU code (48066-5): the LOINC says DDU → ×2 to FEU', () => {
    const d = ddimerFact(chart({ ddimer: ddimer(300, 'ng/mL', '48066-5') }));
    expect(d?.basis).toBe('DDU');
    expect(d?.valueFeuNgMl).toBe(600);
    expect(d?.positive).toBe(true);
  });

  it('ug/L on the FEU code: 1 ug/L = 1 ng/mL', () => {
    expect(ddimerFact(chart({ ddimer: ddimer(450, 'ug/L') }))?.valueFeuNgMl).toBe(450);
  });

  it('valueString "<200" (below the limit of quantitation) reads as negative, not as a crash or a positive', () => {
    const obs = { ...ddimer(0), valueQuantity: undefined, valueString: '<200' };
    const r = run(chart({ ddimer: obs }));
    expect(r.facts?.dDimer?.positive === true).toBe(false);
    expect(r.primary).toBe('SERIAL_IMAGING');
  });

  it('ambiguous code (7799-0) with interpretation H and no reference range: positive by the lab flag', () => {
    const obs = ddimer(700, 'ng/mL', '7799-0', {
      interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' }] }],
    });
    const r = run(chart({ ddimer: obs }));
    expect(r.facts?.dDimer?.positive).toBe(true);
    expect(r.facts?.dDimer?.cutoffSource).toBe('lab-interpretation');
    expect(r.primary).toBe('ANTICOAGULATE');
  });

  it('ambiguous code with neither range nor flag: indeterminate, said on the card, not counted', () => {
    const r = run(chart({ ddimer: ddimer(700, 'ng/mL', '7799-0') }));
    expect(r.facts?.dDimer?.positive).toBe('indeterminate');
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.detail).toMatch(/indeterminate/);
    expect(r.detail.match(/D-dimer[^;]*indeterminate/g)?.length).toBe(1);
  });

  it.each(['cancelled', 'entered-in-error'])('a %s D-dimer is ignored', (status) => {
    const r = run(chart({ ddimer: ddimer(2000, 'ng/mL{FEU}', '48065-7', { status }) }));
    expect(r.facts?.dDimer).toBeNull();
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.detail).toContain('D-dimer not recorded');
  });

  it('thousands separators everywhere the D-dimer appears, summaries included', () => {
    // COVID-19 confounds the D-dimer: it then appears in the detail AND in the note card's summary.
    const r = run(chart({ ddimer: ddimer(2600) }, [{ resourceType: 'Condition', id: 'covid', clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'U07.1' }] }, subject: { reference: 'Patient/p1' }, onsetDateTime: '2025-02-20' }]));
    const text = r.cards.map((c) => `${c.summary}\n${c.detail ?? ''}`).join('\n');
    expect(text).toContain('2,600 ng/mL FEU');
    expect(text).not.toMatch(/\b2600\b/);
  });
});

describe('units sent as free text (valueQuantity.unit without a UCUM code)', () => {
  it.each([
    ['ng/mL FEU', 1200, 1200], ['ug/mL FEU', 1.2, 1200], ['mg/L FEU', 1.2, 1200], ['µg/mL FEU', 1.2, 1200],
  ])('D-dimer "%s" %p → %p ng/mL FEU', (unit, value, feu) => {
    const r = run(chart({ ddimer: { ...ddimer(value), valueQuantity: { value, unit } } }));
    expect(r.facts?.dDimer?.valueFeuNgMl).toBe(feu);
    expect(r.primary).toBe('ANTICOAGULATE');
  });

  it.each(['K/uL', 'x10E3/uL', '10^3/uL'])('platelets "%s" 38 → contraindication', (unit) => {
    expect(run(chart({ platelets: { ...platelets(38), valueQuantity: { value: 38, unit } } })).primary).toBe('CONTRAINDICATED_SERIAL_IMAGING');
  });

  it('weight "lbs" and creatinine "mg/dl" / "µmol/L" as text', () => {
    expect(run(chart({ weight: { ...weight(154), valueQuantity: { value: 154, unit: 'lbs' } } })).facts?.weightKg).toBeCloseTo(69.9, 1);
    expect(run(chart({ creatinine: { ...creatinine(0.9), valueQuantity: { value: 0.9, unit: 'mg/dl' } } })).facts?.renal.crclMlMin).toBeCloseTo(82.6, 0);
    expect(run(chart({ creatinine: { ...creatinine(80, 'umol/L', '14682-9'), valueQuantity: { value: 80, unit: 'µmol/L' } } })).facts?.renal.crclMlMin).toBeCloseTo(82.2, 0);
  });

  it('D-dimer as valueString without a unit: indeterminate and said so, never counted', () => {
    const r = run(chart({ ddimer: { ...ddimer(0), valueQuantity: undefined, valueString: '1200' } }));
    expect(r.facts?.dDimer?.positive).toBe('indeterminate');
    expect(r.detail).toMatch(/D-dimer .*indeterminate/);
  });
});

describe('weights, creatinine and platelets in other UCUM units', () => {
  it('weight in [lb_av] is converted: 176 lb ≈ 80 kg → enoxaparin 80 mg', () => {
    const r = run(chart({ ddimer: ddimer(1200), weight: weight(176.4, '[lb_av]') }));
    expect(r.facts?.weightKg).toBeCloseTo(80, 0);
    const labels = r.cards[0]?.suggestions?.map((s) => s.label).join('\n') ?? '';
    expect(labels).toContain('enoxaparin 80 mg SC q12h');
  });

  it('weight in g: 70000 g = 70 kg', () => {
    expect(run(chart({ weight: weight(70000, 'g') })).facts?.weightKg).toBe(70);
  });

  it('creatinine in umol/L (LOINC 14682-9): 80 umol/L ≈ 0.9 mg/dL, CrCl computed', () => {
    const r = run(chart({ creatinine: creatinine(80, 'umol/L', '14682-9') }));
    expect(r.facts?.renal.crclMlMin).not.toBeNull();
    expect(r.facts?.renal.crclMlMin).toBeGreaterThan(70);
    expect(r.facts?.renal.crclMlMin).toBeLessThan(95);
  });

  it('creatinine in umol/L sent on the mass code 2160-0 is still converted by its unit', () => {
    const r = run(chart({ creatinine: creatinine(80, 'umol/L', '2160-0') }));
    expect(r.facts?.renal.crclMlMin).toBeGreaterThan(70);
    expect(r.facts?.renal.crclMlMin).toBeLessThan(95);
  });

  it('platelets in 10*3/uL (= 10⁹/L): 38 → contraindication, serial imaging + referral', () => {
    const r = run(chart({ platelets: platelets(38, '10*3/uL'), ddimer: ddimer(1200) }));
    expect(r.primary).toBe('CONTRAINDICATED_SERIAL_IMAGING');
    expect(r.detail).toContain('38');
  });

  it('platelets in /uL (38000/uL) → 38 ×10⁹/L', () => {
    const r = run(chart({ platelets: platelets(38000, '/uL') }));
    expect(r.primary).toBe('CONTRAINDICATED_SERIAL_IMAGING');
  });
});

describe('anticoagulant MedicationRequests', () => {
  const apixabanDose = [{
    sequence: 1, timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
    doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg', system: UCUM, code: 'mg' } }],
  }];
  const contained = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    resourceType: 'MedicationRequest', id: 'mr-apx', status: 'active', intent: 'order', subject: { reference: 'Patient/p1' },
    authoredOn: '2025-03-04',
    contained: [{ resourceType: 'Medication', id: 'med1', code: { coding: [{ system: RXNORM, code: '1364445', display: 'apixaban 5 MG Oral Tablet' }] } }],
    medicationReference: { reference: '#med1' },
    dosageInstruction: apixabanDose,
    ...extra,
  });

  it('medicationReference to a contained Medication is read: already anticoagulated', () => {
    const r = run(chart({}, [contained()]));
    expect(r.primary).toBe('ALREADY_ANTICOAGULATED');
    expect(r.cards[0]?.summary).toContain('apixaban');
  });

  it('medicationReference to a Medication resource in the record is read too', () => {
    const med = { resourceType: 'Medication', id: 'med-apx', code: { coding: [{ system: RXNORM, code: '1364445' }] } };
    const r = run(chart({}, [med, contained({ contained: undefined, medicationReference: { reference: 'Medication/med-apx' } })]));
    expect(r.primary).toBe('ALREADY_ANTICOAGULATED');
  });

  it.each(['completed', 'stopped', 'cancelled', 'entered-in-error'])('status %s is not an active anticoagulant', (status) => {
    const r = run(chart({}, [contained({ status })]));
    expect(r.primary).toBe('SERIAL_IMAGING');
  });

  it('dosageInstruction missing: not assumed therapeutic, and the card tells the clinician to check the order', () => {
    const r = run(chart({}, [contained({ dosageInstruction: undefined })]));
    expect(r.facts?.anticoagulants[0]?.intent).toBe('unknown');
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.detail).toContain('Active apixaban order (MedicationRequest/mr-apx) with dose or frequency not readable');
  });

  it('a brand code (Eliquis 1364436) with dosage only as text: identified as apixaban, dose flagged as unreadable', () => {
    const r = run(chart({}, [contained({ contained: undefined, medicationReference: undefined, medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1364436' }] }, dosageInstruction: [{ text: '5 mg twice daily' }] })]));
    expect(r.facts?.anticoagulants[0]?.agent).toBe('apixaban');
    expect(r.detail).toMatch(/apixaban order .* not readable/);
  });

  it('timing given as a BID code (no repeat.frequency) still reads as therapeutic apixaban 5 mg', () => {
    const r = run(chart({}, [contained({ dosageInstruction: [{ timing: { code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation', code: 'BID' }] } }, doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg' } }] }] })]));
    expect(r.primary).toBe('ALREADY_ANTICOAGULATED');
  });

  it('an active MedicationStatement at treatment dose counts as anticoagulated', () => {
    const ms = {
      resourceType: 'MedicationStatement', id: 'ms', status: 'active', subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1364445' }] },
      dosage: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg' } }] }],
    };
    expect(run(chart({}, [ms])).primary).toBe('ALREADY_ANTICOAGULATED');
  });

  it('an apixaban 2.5 mg BID order (prophylactic dose) does not count as anticoagulated (RULES §7.15)', () => {
    const r = run(chart({}, [contained({ dosageInstruction: [{ ...apixabanDose[0], doseAndRate: [{ doseQuantity: { value: 2.5, unit: 'mg', system: UCUM, code: 'mg' } }] }] })]));
    expect(r.primary).toBe('SERIAL_IMAGING');
  });
});

describe('demographics', () => {
  it('Patient without birthDate: no crash; age missing is said; bleeding age points not scored', () => {
    const r = run(chart({ patient: patient({ birthDate: undefined }) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.facts?.ageYears).toBeNull();
    expect(r.detail).toMatch(/CrCl not available|Age not recorded/);
  });

  it('Patient without gender: CrCl is still computed or said missing, never NaN', () => {
    const r = run(chart({ patient: patient({ gender: undefined }) }));
    expect(r.detail).not.toContain('NaN');
    expect(r.primary).toBe('SERIAL_IMAGING');
  });

  it('no Patient resource at all: advice still given, nothing crashes', () => {
    const r = run(chart({ patient: null }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.detail).not.toContain('NaN');
  });
});

describe('encounters and procedures', () => {
  it('R5-style Encounter.class array with IMP: inpatient → an extension factor', () => {
    const r = run(chart({ encounter: encounter({ class: [{ coding: [{ system: ACT, code: 'IMP' }] }] }) }));
    expect(r.facts?.inpatientOrRecentHosp).toBe(true);
    expect(r.primary).toBe('ANTICOAGULATE');
    expect(r.detail).toMatch(/Inpatient/);
  });

  it('R5 Encounter (status discharged, actualPeriod) 10 days ago: recent hospitalisation', () => {
    const r = run(chart({ encounter: encounter({ status: 'discharged', class: [{ coding: [{ system: ACT, code: 'IMP' }] }], period: undefined, actualPeriod: { start: '2025-02-20', end: '2025-02-25' } }) }));
    expect(r.facts?.inpatientOrRecentHosp).toBe(true);
    expect(r.detail).toContain('Recent hospitalisation: discharged 2025-02-25');
  });

  it('R5-style class array with AMB: not inpatient', () => {
    const r = run(chart({ encounter: encounter({ class: [{ coding: [{ system: ACT, code: 'AMB' }] }] }) }));
    expect(r.facts?.inpatientOrRecentHosp).toBe(false);
  });

  it('Procedure with performedPeriod (total knee replacement 30 days ago): recent surgery', () => {
    const tka = {
      resourceType: 'Procedure', id: 'tka', status: 'completed', subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: SCT, code: '609588000' }, { system: CPT, code: '27447' }] },
      performedPeriod: { start: '2025-02-02T08:00:00Z', end: '2025-02-02T11:00:00Z' },
    };
    const r = run(chart({}, [tka]));
    expect(r.facts?.recentSurgery).toBe(true);
    expect(r.detail).toContain('Recent surgery');
  });

  it('a D-dimer drawn after therapeutic anticoagulation began is not used (RULES §3.2 timing)', () => {
    const mr = {
      resourceType: 'MedicationRequest', id: 'mr-riv', status: 'active', intent: 'order', subject: { reference: 'Patient/p1' },
      authoredOn: '2025-03-04T06:00:00Z',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1232082' }] },
      dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 15, unit: 'mg', system: UCUM, code: 'mg' } }] }],
    };
    const r = run(chart({ ddimer: ddimer(3000, 'ng/mL{FEU}', '48065-7', { effectiveDateTime: '2025-03-04T12:00:00Z' }) }, [mr]));
    expect(r.primary).toBe('ALREADY_ANTICOAGULATED');
  });
});

describe('LOINC spelled by the chart', () => {
  it('the LOINC system is matched exactly (http://loinc.org)', () => {
    const obs = { ...ddimer(1200), code: { coding: [{ system: LOINC, code: '48065-7' }] } };
    expect(run(chart({ ddimer: obs })).primary).toBe('ANTICOAGULATE');
  });
});
