import type { MedicationRequest } from 'fhir/r4';
import { anticoagulantOptions, planAnticoagulation } from '../../../src/clinical/orders/anticoagulant-options';
import { facts, testKnowledge } from '../decide/helpers';

const k = testKnowledge();
const rxcuis = (r: readonly MedicationRequest[]): string[] => r.map((m) => m.medicationCodeableConcept?.coding?.[0]?.code ?? '');
const doses = (m: MedicationRequest | undefined): (number | undefined)[] =>
  (m?.dosageInstruction ?? []).map((d) => d.doseAndRate?.[0]?.doseQuantity?.value);

describe('anticoagulantOptions — agent selection (RULES §4)', () => {
  it('default order: apixaban, rivaroxaban, edoxaban, dabigatran, enoxaparin, warfarin; tinzaparin never', () => {
    expect(anticoagulantOptions(facts(), k).map((o) => o.agent))
      .toEqual(['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'enoxaparin', 'warfarin']);
  });

  it('pregnancy → LMWH only, enoxaparin 1 mg/kg q12h (SC05: 78 kg → 80 mg from 854241)', () => {
    const options = anticoagulantOptions(facts({ pregnant: true, weightKg: 78 }), k);
    expect(options.map((o) => o.agent)).toEqual(['enoxaparin', 'dalteparin']);
    const enox = options[0]!.resources[0]!;
    expect(rxcuis([enox])).toEqual(['854241']);
    expect(doses(enox)).toEqual([80]);
    expect(enox.dosageInstruction?.[0]?.timing?.repeat).toMatchObject({ frequency: 2, period: 1, periodUnit: 'd' });
    expect(enox.dosageInstruction?.[0]?.route?.coding?.[0]?.code).toBe('34206005');
    expect(enox.note?.[0]?.text).toContain('until ≥ 6 weeks postpartum and ≥ 3 months in total');
  });

  it('postpartum and breastfeeding → LMWH or warfarin, no DOAC; not breastfeeding → DOACs allowed after', () => {
    expect(anticoagulantOptions(facts({ postpartumDays: 20, breastfeeding: true }), k).map((o) => o.agent))
      .toEqual(['enoxaparin', 'dalteparin', 'warfarin']);
    expect(anticoagulantOptions(facts({ postpartumDays: 20 }), k).map((o) => o.agent)).toContain('apixaban');
  });

  it('gastric cancer → LMWH first, no factor-Xa DOAC', () => {
    const f = facts({ activeCancer: { site: 'gastric', metastatic: false, source: 'Condition/c1' } });
    expect(anticoagulantOptions(f, k).map((o) => o.agent)).toEqual(['enoxaparin', 'dalteparin']);
  });

  it('GI-luminal cancer → apixaban/LMWH first, caution on edoxaban and rivaroxaban, dabigatran last', () => {
    const f = facts({ activeCancer: { site: 'gi-luminal', metastatic: true, source: 'Condition/c1' } });
    const options = anticoagulantOptions(f, k);
    expect(options.map((o) => o.agent)).toEqual(['apixaban', 'enoxaparin', 'dalteparin', 'edoxaban', 'rivaroxaban', 'dabigatran']);
    expect(options.find((o) => o.agent === 'edoxaban')?.cautions.join(' ')).toMatch(/luminal GI cancer/);
    expect(options[0]!.resources[0]!.note?.[0]?.text).toContain('while cancer or its treatment is active');
  });

  it('triple-positive APS → warfarin with LMWH bridge and an INR request at day 3–5, no DOAC', () => {
    const options = anticoagulantOptions(facts({ triplePositiveAps: true, weightKg: 74 }), k);
    expect(options.map((o) => o.agent)).toEqual(['warfarin']);
    const w = options[0]!;
    expect(rxcuis(w.resources)).toEqual(['854241', '855332']);
    expect(w.monitoring[0]?.code?.coding?.[0]?.code).toBe('6301-6');
    expect(w.monitoring[0]?.occurrencePeriod).toEqual({ start: '2025-03-06', end: '2025-03-08' });
  });
});

describe('regimens as orders (RULES §4.1)', () => {
  it('apixaban: one request, 10 mg BID × 7 d then 5 mg BID for 83 d, 90-day supply, reason = the DVT Condition', () => {
    const apixaban = anticoagulantOptions(facts(), k)[0]!;
    expect(apixaban.label).toBe('Start apixaban 10 mg BID × 7 d then 5 mg BID (3 months)');
    const mr = apixaban.resources[0]!;
    expect(apixaban.resources).toHaveLength(1);
    expect(mr).toMatchObject({
      resourceType: 'MedicationRequest', status: 'draft', intent: 'order',
      subject: { reference: 'Patient/p1' }, reasonReference: [{ reference: 'Condition/dvt-1' }],
      dispenseRequest: { expectedSupplyDuration: { value: 90, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } },
    });
    expect(rxcuis([mr])).toEqual(['1364445']);
    expect(doses(mr)).toEqual([10, 5]);
    expect(mr.dosageInstruction?.map((d) => d.timing?.repeat?.boundsDuration?.value)).toEqual([7, 83]);
    expect(mr.dosageInstruction?.map((d) => d.sequence)).toEqual([1, 2]);
    expect(mr.note?.[0]?.text).toContain('planned duration 3 months');
  });

  it('rivaroxaban: 15 mg BID × 21 d then 20 mg daily as two linked requests', () => {
    const riva = anticoagulantOptions(facts(), k)[1]!;
    expect(rxcuis(riva.resources)).toEqual(['1232082', '1232086']);
    expect(riva.resources[1]!.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod?.start).toBe('2025-03-24');
    expect(riva.resources[0]!.groupIdentifier).toEqual(riva.resources[1]!.groupIdentifier);
  });

  it('edoxaban (SC11: CrCl 47, 74 kg): enoxaparin 70 mg lead-in from the 80 mg syringe, then edoxaban 30 mg from D0+5', () => {
    const f = facts({ weightKg: 74, renal: { crclMlMin: 47, source: 'cockcroft-gault' } });
    const plan = planAnticoagulation(f, k);
    const edox = plan.options.find((o) => o.agent === 'edoxaban')!;
    expect(rxcuis(edox.resources)).toEqual(['854241', '1599551']);
    expect(doses(edox.resources[0])).toEqual([70]);
    expect(edox.resources[0]!.dosageInstruction?.[0]?.text).toContain('0.7 mL');
    expect(edox.resources[0]!.dosageInstruction?.[0]?.timing?.repeat?.boundsDuration?.value).toBe(5);
    expect(doses(edox.resources[1])).toEqual([30]);
    expect(edox.resources[1]!.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod?.start).toBe('2025-03-08');
    expect(plan.renalAffected).toBe(true);
    expect(plan.options.map((o) => o.agent)).toContain('dabigatran');
    const enox = plan.options.find((o) => o.agent === 'enoxaparin')!;
    expect(rxcuis(enox.resources)).toEqual(['854241']);
    expect(doses(enox.resources[0])).toEqual([70]);
    expect(enox.resources[0]!.dosageInstruction?.[0]?.timing?.repeat?.frequency).toBe(2);
  });

  it('CrCl < 30: no dabigatran, enoxaparin once daily, renal reason stated with the value and source', () => {
    const plan = planAnticoagulation(facts({ renal: { crclMlMin: 25, source: 'cockcroft-gault' } }), k);
    expect(plan.options.map((o) => o.agent)).not.toContain('dabigatran');
    expect(plan.excluded).toEqual([{ agent: 'dabigatran', reason: 'CrCl 25 mL/min (Cockcroft-Gault) ≤ 30' }]);
    const enox = plan.options.find((o) => o.agent === 'enoxaparin')!;
    expect(enox.resources[0]!.dosageInstruction?.[0]?.timing?.repeat?.frequency).toBe(1);
    expect(enox.label).toContain('SC q24h');
    expect(plan.renalAffected).toBe(true);
  });

  it('CrCl exactly 30 excludes dabigatran (≤ 30), CrCl 31 keeps it', () => {
    const agents = (crcl: number): string[] =>
      anticoagulantOptions(facts({ renal: { crclMlMin: crcl, source: 'cockcroft-gault' } }), k).map((o) => o.agent);
    expect(agents(30)).not.toContain('dabigatran');
    expect(agents(31)).toContain('dabigatran');
  });

  it.each([
    [null, 'weight not recorded'],
    [160, 'outside 45–150 kg'],
    [40, 'outside 45–150 kg'],
  ])('enoxaparin with weight %p → no computed dose, "dose by weight"', (weightKg, reason) => {
    const enox = anticoagulantOptions(facts({ weightKg, pregnant: true }), k)[0]!;
    expect(enox.doseComputed).toBe(false);
    expect(enox.label).toContain('dose by weight');
    const dosage = enox.resources[0]!.dosageInstruction?.[0];
    expect(dosage?.doseAndRate).toBeUndefined();
    expect(dosage?.text).toContain(reason);
    expect(rxcuis(enox.resources)).toEqual(['67108']);
  });

  it('weight ≤ 60 kg gives edoxaban 30 mg even with normal renal function', () => {
    const edox = anticoagulantOptions(facts({ weightKg: 58 }), k).find((o) => o.agent === 'edoxaban')!;
    expect(doses(edox.resources[1])).toEqual([30]);
  });

  it('no clinical numbers in code: changing treatmentDurationMonths changes supply and label', () => {
    const k6 = testKnowledge({ treatmentDurationMonths: 6 });
    const apixaban = anticoagulantOptions(facts(), k6)[0]!;
    expect(apixaban.label).toContain('(6 months)');
    expect(apixaban.resources[0]!.dispenseRequest?.expectedSupplyDuration?.value).toBe(180);
  });
});
