/**
 * RULES §5.4 rows and §7 decisions that no scenario fixture exercised through the HTTP service, each with small
 * hand-built requests. Where §7 names a configurable default, the test also shows that changing it in the
 * knowledge (thresholds) changes the advice. Fixture coverage of the other rows is listed in the review report.
 */
import {
  FINDINGS, ICD, SCT, UCUM, VEIN, attestation, chart, condition, ddimer, dvtCondition, lab, patient, platelets,
  scan, weight,
} from './chart';
import { postPatientView } from './http';

const year = (age: number): Record<string, unknown> => patient({ birthDate: `${2025 - age - 1}-09-15` });
const longClot = (): Record<string, unknown>[] => scan().map((r) => (r['id'] === 'len' ? { ...r, valueQuantity: { value: 6, unit: 'cm', system: UCUM, code: 'cm' } } : r));
const painScore = (score: number): Record<string, unknown> => lab('pain', '72514-3', score, '{score}');
const code = (r: { codes: readonly string[] }): string | undefined => r.codes[0];

describe('§5.4 rows and §7 decisions through HTTP', () => {
  it('P5 with a contraindication: proximal extension → same critical code, referral, no anticoagulant order', async () => {
    const followUp = attestation('fu', 'extension-status', { valueCodeableConcept: { coding: [{ system: FINDINGS, code: 'proximal-extension' }] }, effectiveDateTime: '2025-03-11T10:00:00Z' });
    const r = await postPatientView(chart({ platelets: platelets(35) }, [followUp]), { now: '2025-03-11T15:00:00Z' });
    expect(r.status).toBe(200);
    expect(code(r)).toBe('ANTICOAGULATE_NOW_PROXIMAL_EXTENSION');
    expect(r.primary?.indicator).toBe('critical');
    expect(r.primary?.summary).toMatch(/contraindicated — urgent specialist review/);
    expect(r.orderCodes.some((c) => ['1364445', '1232082', '854241', '854238'].includes(c))).toBe(false);
    expect(r.primary?.detail).toContain('35 ×10⁹/L');
  });

  it('§7.1 moderate bleeding (age 67) adds caution but keeps ANTICOAGULATE; a site setting high = 1 point makes it SHARED_DECISION', async () => {
    const resources = chart({ patient: year(67), ddimer: ddimer(1200) });
    const r = await postPatientView(resources);
    expect(code(r)).toBe('ANTICOAGULATE');
    expect(r.primary?.detail).toContain('Moderate bleeding risk (CHEST count 1)');
    expect(r.primary?.detail).toContain('Age 67 y (> 65)');
    expect(r.primary?.detail).toMatch(/weigh it against the extension factors/);
    expect(code(await postPatientView(resources, { thresholds: { bleedingHighScore: 1 } }))).toBe('SHARED_DECISION');
  });

  it('§7.2 age > 75 scores a second point (high); with the second age point moved to 85 it is moderate', async () => {
    const resources = chart({ patient: year(80), scan: longClot() });
    expect(code(await postPatientView(resources))).toBe('SHARED_DECISION');
    expect(code(await postPatientView(resources, { thresholds: { bleedingAgePoint2Years: 85 } }))).toBe('ANTICOAGULATE');
  });

  it('§7.3 cancer pathway ignores a high bleeding count (age 80 + cancer): CANCER_ANTICOAGULATE', async () => {
    const cancer = condition('ca', ICD, 'C34.90', { onsetDateTime: '2025-01-10' });
    const r = await postPatientView(chart({ patient: year(80) }, [cancer]));
    expect(code(r)).toBe('CANCER_ANTICOAGULATE');
  });

  it('§7.4 postpartum, not breastfeeding: LMWH first but DOACs offered; breastfeeding: no DOAC; outside the window: ordinary rules', async () => {
    const delivery = condition('del', ICD, 'O80', { onsetDateTime: '2025-02-20', clinicalStatus: { coding: [{ code: 'resolved' }] } });
    const notFeeding = await postPatientView(chart({}, [delivery]));
    expect(code(notFeeding)).toBe('PREGNANCY_LMWH');
    expect(notFeeding.orderCodes).toContain('1364445');
    const feeding = await postPatientView(chart({}, [delivery, condition('bf', ICD, 'Z39.1')]));
    expect(code(feeding)).toBe('PREGNANCY_LMWH');
    expect(feeding.orderCodes).not.toContain('1364445');
    expect(code(await postPatientView(chart({}, [delivery]), { thresholds: { postpartumDays: 10 } }))).toBe('SERIAL_IMAGING');
  });

  it('§7.5 markedly raised = ≥ 2 × cut-off (1,000 ng/mL FEU); a 3× setting makes the same value only positive', async () => {
    const at1000 = await postPatientView(chart({ ddimer: ddimer(1000) }));
    expect(at1000.primary?.detail).toContain('D-dimer markedly raised 1,000 ng/mL FEU');
    const at999 = await postPatientView(chart({ ddimer: ddimer(999) }));
    expect(at999.primary?.detail).toContain('D-dimer positive 999 ng/mL FEU');
    const threeTimes = await postPatientView(chart({ ddimer: ddimer(1000) }), { thresholds: { dDimerMarkedMultiple: 3 } });
    expect(threeTimes.primary?.detail).toContain('D-dimer positive 1,000 ng/mL FEU');
  });

  it('§7.8 near proximal: 3 cm from the popliteal vein is not "close" by default, is with nearProximalCm = 3', async () => {
    const near = scan().map((r) => (r['id'] === 'dist' ? { ...r, valueQuantity: { value: 3, unit: 'cm', system: UCUM, code: 'cm' } } : r));
    expect(code(await postPatientView(chart({ scan: near })))).toBe('SERIAL_IMAGING');
    const r = await postPatientView(chart({ scan: near }), { thresholds: { nearProximalCm: 3 } });
    expect(code(r)).toBe('ANTICOAGULATE');
    expect(r.primary?.detail).toContain('Distance to popliteal vein 3 cm (≤ 3 cm)');
  });

  it('§7.10 pain NRS ≥ 7 alone is severe (anticoagulate); 6 is not, unless the site sets 6', async () => {
    const seven = await postPatientView(chart({}, [painScore(7)]));
    expect(code(seven)).toBe('ANTICOAGULATE');
    expect(seven.primary?.summary).toMatch(/severe symptoms/);
    expect(seven.primary?.detail).toContain('Pain score 7/10 (NRS ≥ 7)');
    expect(code(await postPatientView(chart({}, [painScore(6)])))).toBe('SERIAL_IMAGING');
    expect(code(await postPatientView(chart({}, [painScore(6)]), { thresholds: { severePainNrs: 6 } }))).toBe('ANTICOAGULATE');
  });

  it('§7.11 acute episode window 30 days: a 31-day-old DVT gives no card; a 45-day window brings it back', async () => {
    const now = '2025-04-04T15:00:00Z'; // D0 + 31 days
    expect((await postPatientView(chart(), { now })).cards).toEqual([]);
    expect(code(await postPatientView(chart(), { now, thresholds: { episodeWindowDays: 45 } }))).not.toBeUndefined();
  });

  it('§7.11 D-dimer window: drawn 4 days before diagnosis it is not used; a 120 h window uses it', async () => {
    const early = ddimer(1500, 'ng/mL{FEU}', '48065-7', { effectiveDateTime: '2025-02-28T08:00:00Z' });
    const r = await postPatientView(chart({ ddimer: early }));
    expect(code(r)).toBe('SERIAL_IMAGING');
    expect(r.primary?.detail).toContain('D-dimer not recorded');
    expect(code(await postPatientView(chart({ ddimer: early }), { thresholds: { dDimerWindowBeforeHours: 120 } }))).toBe('ANTICOAGULATE');
  });

  it('§7.11 surgery window 90 days: an operation 100 days ago does not count; with 120 days it does', async () => {
    const op = {
      resourceType: 'Procedure', id: 'op', status: 'completed', subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: SCT, code: '609588000' }] }, performedDateTime: '2024-11-24',
    };
    expect(code(await postPatientView(chart({}, [op])))).toBe('SERIAL_IMAGING');
    const r = await postPatientView(chart({}, [op]), { thresholds: { surgeryWindowDays: 120 } });
    expect(code(r)).not.toBe('SERIAL_IMAGING');
    expect(r.primary?.detail).toContain('Recent surgery');
  });

  it('§7.11 hospitalisation window 90 days: discharged 100 days ago does not count; with 120 days it does', async () => {
    const stay = {
      resourceType: 'Encounter', id: 'stay', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/p1' }, period: { start: '2024-11-20', end: '2024-11-24' },
    };
    expect(code(await postPatientView(chart({}, [stay])))).toBe('SERIAL_IMAGING');
    expect(code(await postPatientView(chart({}, [stay]), { thresholds: { hospitalisationWindowDays: 120 } }))).toBe('ANTICOAGULATE');
  });

  it('§7.12 follow-up scans are bilateral by default (93970 + 39420-5); configured to the affected leg: 93971 + right-leg LOINC', async () => {
    const both = await postPatientView(chart());
    expect(both.orderCodes).toEqual(expect.arrayContaining(['93970', '39420-5']));
    const affected = await postPatientView(chart(), { thresholds: { bilateralSurveillance: false } });
    expect(affected.orderCodes).toEqual(expect.arrayContaining(['93971', '39443-7']));
    expect(affected.orderCodes).not.toContain('93970');
  });

  it.each([
    ['intracranial haemorrhage 60 days ago', [condition('ich', ICD, 'I61.9', { onsetDateTime: '2025-01-03' })]],
    ['severe coagulopathy (D68.9)', [condition('coag', ICD, 'D68.9', { onsetDateTime: '2024-05-01' })]],
    ['active major bleeding (attested)', [attestation('bleed', 'active-major-bleeding', { valueBoolean: true })]],
    ['clinician-attested contraindication', [attestation('ci', 'anticoagulation-contraindicated', { valueBoolean: true })]],
  ])('§7.13 %s blocks anticoagulation: CONTRAINDICATED_SERIAL_IMAGING', async (_name, extra) => {
    const r = await postPatientView(chart({ ddimer: ddimer(1500) }, extra));
    expect(code(r)).toBe('CONTRAINDICATED_SERIAL_IMAGING');
    expect(r.primary?.detail).toContain('Contraindication to anticoagulation');
    expect(r.orderCodes.some((c) => c === '1364445' || c.startsWith('8542'))).toBe(false);
  });

  it('§7.13 intracranial haemorrhage 120 days ago is outside the 3-month window; a 150-day window counts it', async () => {
    const ich = condition('ich', ICD, 'I61.9', { onsetDateTime: '2024-11-04' });
    expect(code(await postPatientView(chart({ ddimer: ddimer(1500) }, [ich])))).not.toBe('CONTRAINDICATED_SERIAL_IMAGING');
    expect(code(await postPatientView(chart({ ddimer: ddimer(1500) }, [ich]), { thresholds: { intracranialHaemorrhageDays: 150 } }))).toBe('CONTRAINDICATED_SERIAL_IMAGING');
  });

  it('§7.13 platelet threshold is configuration: 45 ×10⁹/L is a contraindication at < 50, not at < 40', async () => {
    expect(code(await postPatientView(chart({ platelets: platelets(45) })))).toBe('CONTRAINDICATED_SERIAL_IMAGING');
    expect(code(await postPatientView(chart({ platelets: platelets(45) }), { thresholds: { contraindicationPlateletsE9PerL: 40 } }))).not.toBe('CONTRAINDICATED_SERIAL_IMAGING');
  });

  it('§7.14 weight > 150 kg: no computed enoxaparin dose, the suggestion says "dose by weight" and the card says why', async () => {
    const r = await postPatientView(chart({ ddimer: ddimer(1500), weight: weight(160) }));
    expect(code(r)).toBe('ANTICOAGULATE');
    const enox = r.primary?.suggestions?.find((s) => /^Start enoxaparin/.test(s.label));
    expect(enox?.label).toContain('dose by weight');
    // The reason reads once per agent: "enoxaparin: Dose not computed: …", never "enoxaparin: enoxaparin dose …".
    expect(r.primary?.detail).toMatch(/- enoxaparin: Dose not computed: [^\n]*150 kg/);
    expect(r.primary?.detail).not.toMatch(/enoxaparin: enoxaparin/);
    // A lead-in names the lead-in agent under the main agent's line.
    expect(r.primary?.detail).toMatch(/- edoxaban: [^\n]*enoxaparin lead-in: dose not computed/);
  });

  it('§7.14 enoxaparin rounds to the nearest 10 mg from the listed syringes: 74 kg → 70 mg from the 80 mg syringe (854241)', async () => {
    const r = await postPatientView(chart({ ddimer: ddimer(1500), weight: weight(74) }));
    const enox = r.primary?.suggestions?.find((s) => s.label.startsWith('Start enoxaparin 70 mg SC q12h ('));
    expect(enox).toBeDefined();
    const codes = (enox?.actions ?? []).flatMap((a) => (a.type === 'create' ? ((a.resource as { medicationCodeableConcept?: { coding?: { code?: string }[] } }).medicationCodeableConcept?.coding ?? []).map((c) => c.code) : []));
    expect(codes).toEqual(['854241']);
  });

  it.each(['I82.4Z9', 'I82.499', 'I82.401'])('§7.16 %s without bodySite or report: NEED_DETAIL, no orders', async (icd) => {
    const r = await postPatientView(chart({ dvt: dvtCondition({ code: { coding: [{ system: ICD, code: icd }] }, bodySite: undefined }), scan: null }));
    expect(code(r)).toBe('NEED_DETAIL');
    expect(r.primary?.suggestions ?? []).toEqual([]);
    expect(r.primary?.detail).toContain('no ultrasound measurements found');
  });

  it('§7.18 reported figures appear as reported figures with their sources linked, never as this patient\'s risk', async () => {
    const muscular = dvtCondition({ code: { coding: [{ system: ICD, code: 'I82.461' }] }, bodySite: [{ coding: [{ system: SCT, code: VEIN.gastrocnemius }] }] });
    const r = await postPatientView(chart({ dvt: muscular, scan: scan({}, VEIN.gastrocnemius) }));
    const note = r.cards.find((c) => c.source.topic?.code === 'MUSCULAR_ONLY_NOTE');
    const bilateral = r.cards.find((c) => c.source.topic?.code === 'BILATERAL_SURVEILLANCE_NOTE');
    expect(note?.detail).toMatch(/16–17%/);
    expect(note?.detail).toMatch(/12%/);
    expect(bilateral?.detail).toMatch(/19%.*10 days.*14% contralateral/);
    for (const card of [note, bilateral]) {
      expect(card?.detail).toMatch(/not this patient's risk/);
      expect(card?.links?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('every summary of these cards is under 140 characters and names the vein and side', async () => {
    const r = await postPatientView(chart({ patient: year(67), ddimer: ddimer(1200) }, [painScore(8)]));
    for (const c of r.cards) expect([...c.summary].length).toBeLessThan(140);
    expect(r.primary?.summary).toContain('peroneal, right');
    expect(r.primary?.summary).not.toContain('…');
  });
});



