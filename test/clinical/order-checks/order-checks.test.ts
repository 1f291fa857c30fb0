/**
 * order-select / order-sign / encounter-discharge checks on hand-built Facts and drafts, with the real knowledge
 * folder (value sets recognise RxNorm ingredient, brand and product codes).
 */
import path from 'node:path';
import type { Bundle, FhirResource, MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Card } from '../../../src/cds/types';
import type { EvaluationInput, Facts } from '../../../src/clinical/types';
import { loadKnowledge } from '../../../src/clinical/knowledge/load';
import { evaluateWith } from '../../../src/clinical/decide/evaluate';
import { dDimer, episode, facts } from '../decide/helpers';

const knowledge = loadKnowledge(path.join(__dirname, '..', '..', '..', 'hooks'));
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';

function med(id: string, rxcui: string | null, dosage: MedicationRequest['dosageInstruction'] = []): MedicationRequest {
  return {
    resourceType: 'MedicationRequest', id, status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' },
    ...(rxcui ? { medicationCodeableConcept: { coding: [{ system: RX, code: rxcui }] } } : {}),
    ...(dosage && dosage.length > 0 ? { dosageInstruction: dosage } : {}),
  } as MedicationRequest;
}
const perDay = (mg: number, frequency: number): NonNullable<MedicationRequest['dosageInstruction']>[number] => ({
  timing: { repeat: { frequency, period: 1, periodUnit: 'd' } },
  doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
});

function run(hook: EvaluationInput['hook'], f: Facts, drafts: FhirResource[], typed = true): Card[] {
  let n = 0;
  const bundle = { resourceType: 'Bundle', ...(typed ? { type: 'collection' } : {}), entry: drafts.map((resource) => ({ resource })) } as Bundle;
  const input: EvaluationInput = {
    hook, serviceId: `distal-dvt-${hook}`, patientId: 'p1', now: new Date(f.now),
    record: { patientId: 'p1', resources: [] },
    ...(hook === 'encounter-discharge' ? { encounterId: 'e1' } : { draftOrders: bundle }),
    ...(hook === 'order-select' ? { selections: drafts.map((d) => `${d.resourceType}/${d.id ?? ''}`) } : {}),
  };
  return [...evaluateWith(() => f, input, knowledge, () => `id-${++n}`).cards];
}
const codes = (cards: Card[]): string[] => cards.map((c) => `${c.source.topic?.code ?? ''}:${c.indicator}`);
const createdCodes = (card: Card | undefined): string[] => (card?.suggestions?.[0]?.actions ?? [])
  .flatMap((a) => (a.type === 'create' ? [(a.resource as MedicationRequest).medicationCodeableConcept?.coding?.[0]?.code ?? (a.resource as ServiceRequest).code?.coding?.[0]?.code ?? ''] : []));

const sc02: Partial<Facts> = { dDimer: dDimer(1150), episode: episode({ lengthCm: 6.5, muscularOnly: false }), weightKg: 80 };

describe('order-select: drafted anticoagulants', () => {
  it('pregnant + apixaban (ingredient) → critical, delete the draft and create enoxaparin', () => {
    const cards = run('order-select', facts({ pregnant: true, weightKg: 78 }), [med('m1', '1364430')]);
    expect(codes(cards)).toEqual(['AGENT_AVOID_IN_PREGNANCY:critical']);
    expect(cards[0]?.suggestions?.[0]?.actions?.[0]).toEqual({ type: 'delete', description: 'Remove the drafted order', resourceId: 'MedicationRequest/m1' });
    expect(createdCodes(cards[0])).toEqual(['854241']);
  });

  it('pregnant + warfarin by brand (Jantoven) → critical', () => {
    expect(codes(run('order-select', facts({ pregnant: true }), [med('m1', '405155')]))).toEqual(['AGENT_AVOID_IN_PREGNANCY:critical']);
  });

  it('breastfeeding + rivaroxaban (Xarelto) → warning with an LMWH swap', () => {
    const cards = run('order-select', facts({ postpartumDays: 20, breastfeeding: true }), [med('m1', '1114199')]);
    expect(codes(cards)).toEqual(['AGENT_AVOID_BREASTFEEDING:warning']);
    expect(createdCodes(cards[0])[0]).toBe('854241');
  });

  it('gastric cancer + rivaroxaban → warning with LMWH', () => {
    const cards = run('order-select', facts({ activeCancer: { site: 'gastric', metastatic: false, source: 'c' } }), [med('m1', '1232086')]);
    expect(codes(cards)).toEqual(['AGENT_CANCER_SITE_CAUTION:warning']);
    expect(createdCodes(cards[0])).toEqual(['854241']);
  });

  it('CrCl 25 + dabigatran → warning with an allowed alternative (apixaban)', () => {
    const cards = run('order-select', facts({ ...sc02, renal: { crclMlMin: 25, source: 'cockcroft-gault' } }), [med('m1', '1037045')]);
    expect(codes(cards)).toEqual(['AGENT_RENAL_LIMIT:warning']);
    expect(cards[0]?.summary).toContain('CrCl 25 mL/min');
    expect(createdCodes(cards[0])).toEqual(['1364445']);
  });

  it('triple-positive APS + apixaban → warning with warfarin + LMWH bridge', () => {
    const cards = run('order-select', facts({ triplePositiveAps: true }), [med('m1', '1364445')]);
    expect(codes(cards)).toEqual(['AGENT_APS_AVOID_DOAC:warning']);
    expect(createdCodes(cards[0])).toEqual(['854241', '855332', '6301-6']);
  });

  it('enoxaparin 40 mg daily for an IDDVT that needs treatment → prophylactic-dose warning with the treatment dose', () => {
    const cards = run('order-select', facts(sc02), [med('m1', '854235', [perDay(40, 1)])]);
    expect(codes(cards)).toEqual(['PROPHYLACTIC_DOSE_FOR_TREATMENT:warning']);
    expect(createdCodes(cards[0])).toEqual(['854241']);
  });

  it('apixaban treatment without a duration → info with an update carrying 90 days; no card at order-sign', () => {
    const draft = med('m1', '1364445', [perDay(10, 2)]);
    const cards = run('order-select', facts(sc02), [draft]);
    expect(codes(cards)).toEqual(['TREATMENT_DURATION:info']);
    const action = cards[0]?.suggestions?.[0]?.actions?.[0];
    expect(action?.type).toBe('update');
    expect((action as { resource: MedicationRequest }).resource.dispenseRequest?.expectedSupplyDuration?.value).toBe(90);
    expect(run('order-sign', facts(sc02), [draft])).toEqual([]);
  });

  it('sandbox shapes: no medication, no Bundle.type, unrelated drafts → no cards, no error', () => {
    expect(run('order-select', facts({ pregnant: true }), [med('m1', null)], false)).toEqual([]);
    expect(run('order-select', facts({ pregnant: true }), [med('m2', '723')], false)).toEqual([]);
    const cbc = { resourceType: 'ServiceRequest', id: 's1', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://loinc.org', code: '58410-2' }] } } as ServiceRequest;
    expect(run('order-sign', facts(), [cbc])).toEqual([]);
  });
});

describe('drafted imaging', () => {
  const us = (codings: { system: string; code: string }[]): ServiceRequest => ({ resourceType: 'ServiceRequest', id: 's1', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, code: { coding: codings } });
  it('proximal-only US (69399-4) → IMAGING_PROTOCOL_WARNING replacing it with a complete duplex', () => {
    const cards = run('order-select', facts({ episode: null }), [us([{ system: 'http://loinc.org', code: '69399-4' }])]);
    expect(codes(cards)).toEqual(['IMAGING_PROTOCOL_WARNING:warning']);
    expect(cards[0]?.suggestions?.[0]?.actions?.map((a) => a.type)).toEqual(['delete', 'create']);
    expect(createdCodes(cards[0])).toEqual(['93970']);
  });
  it('a complete bilateral duplex draft → no card', () => {
    expect(run('order-sign', facts(), [us([{ system: 'http://www.ama-assn.org/go/cpt', code: '93970' }])])).toEqual([]);
  });
});

describe('encounter-discharge', () => {
  it('IDDVT, not anticoagulated, nothing arranged → critical with both ServiceRequests as ONE suggestion', () => {
    const cards = run('encounter-discharge', facts(), []);
    expect(codes(cards)).toEqual(['DISCHARGE_SURVEILLANCE_MISSING:critical']);
    expect(cards[0]?.suggestions).toHaveLength(1);
    expect(createdCodes(cards[0])).toEqual(['93970', '93970']);
  });
  it('on apixaban without a stop date → info with the planned stop; with one → no card', () => {
    const on = { agent: 'apixaban' as const, intent: 'therapeutic' as const, ref: 'MedicationRequest/m', startedAt: '2025-03-01', rxcui: '1364445', dosageText: null, plannedEnd: null };
    const cards = run('encounter-discharge', facts({ anticoagulants: [on] }), []);
    expect(codes(cards)).toEqual(['DISCHARGE_STOP_DATE:info']);
    expect(cards[0]?.detail).toContain('2025-06-01');
    expect(run('encounter-discharge', facts({ anticoagulants: [{ ...on, plannedEnd: '2025-06-01' }] }), [])).toEqual([]);
  });
  it('both scans arranged → no card; overdue → SURVEILLANCE_OVERDUE', () => {
    const plan = { chosenAt: '2025-03-03', scans: [{ ref: 'ServiceRequest/a', status: 'active', windowStart: '2025-03-08', windowEnd: '2025-03-12', completed: false }] };
    expect(run('encounter-discharge', facts({ surveillancePlan: plan }), [])).toEqual([]);
    const late = run('encounter-discharge', facts({ now: '2025-03-14T10:00:00Z', surveillancePlan: plan }), []);
    expect(codes(late)).toEqual(['SURVEILLANCE_OVERDUE:warning']);
  });
});
