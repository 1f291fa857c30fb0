/**
 * Robustness of the order and discharge hooks to draft shapes EHRs send (contained Medication, brand codes,
 * empty entries, selections that point nowhere). Never a crash; the right code or no card.
 */
import { RXNORM, SCT, UCUM, chart, condition, run } from './chart';

const pregnant = condition('preg', SCT, '77386006');
const treatmentDose = {
  dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 5, unit: 'mg', system: UCUM, code: 'mg' } }] }],
};
const drafts = (...entries: Record<string, unknown>[]): Record<string, unknown> => ({ resourceType: 'Bundle', type: 'collection', entry: entries.map((resource) => ({ resource })) });
const draftMr = (extra: Record<string, unknown>): Record<string, unknown> => ({
  resourceType: 'MedicationRequest', id: 'd1', status: 'draft', intent: 'order', subject: { reference: 'Patient/p1' }, ...extra,
});

describe('order-select / order-sign drafts', () => {
  it('a draft apixaban through a contained Medication, for a pregnant patient: critical swap to LMWH', () => {
    const draft = draftMr({ contained: [{ resourceType: 'Medication', id: 'm', code: { coding: [{ system: RXNORM, code: '1364445' }] } }], medicationReference: { reference: '#m' }, ...treatmentDose });
    const r = run(chart({}, [pregnant]), { hook: 'order-select', selections: ['MedicationRequest/d1'], draftOrders: drafts(draft) });
    expect(r.codes).toEqual(['AGENT_AVOID_IN_PREGNANCY']);
    expect(r.cards[0]?.indicator).toBe('critical');
    const actions = r.cards[0]?.suggestions?.[0]?.actions ?? [];
    expect(actions.some((a) => a.type === 'delete' && a.resourceId === 'MedicationRequest/d1')).toBe(true);
  });

  it('order-sign without selections checks every draft (Eliquis brand code)', () => {
    const r = run(chart({}, [pregnant]), { hook: 'order-sign', draftOrders: drafts(draftMr({ medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1364436' }] }, ...treatmentDose })) });
    expect(r.codes).toEqual(['AGENT_AVOID_IN_PREGNANCY']);
  });

  it('a draft with no medication at all, entries without resources, and a selection that points nowhere: no card, no crash', () => {
    expect(run(chart({}, [pregnant]), { hook: 'order-select', selections: ['MedicationRequest/d1'], draftOrders: drafts(draftMr({})) }).cards).toEqual([]);
    expect(run(chart({}, [pregnant]), { hook: 'order-sign', draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{}, { resource: null }] } }).cards).toEqual([]);
    expect(run(chart({}, [pregnant]), { hook: 'order-select', selections: ['MedicationRequest/zzz'], draftOrders: drafts(draftMr({ medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1364436' }] } })) }).cards).toEqual([]);
  });
});

describe('encounter-discharge', () => {
  it('IDDVT, no anticoagulant, no surveillance: critical, and the card names the episode and what was not found', () => {
    const r = run(chart(), { hook: 'encounter-discharge' });
    expect(r.codes).toEqual(['DISCHARGE_SURVEILLANCE_MISSING']);
    expect(r.detail).toContain('acute distal DVT (peroneal, right) diagnosed 2025-03-04');
    expect(r.detail).toContain('Not found:');
  });

  it('no DVT in the chart: no card', () => {
    expect(run(chart({ dvt: null }), { hook: 'encounter-discharge' }).cards).toEqual([]);
  });
});
