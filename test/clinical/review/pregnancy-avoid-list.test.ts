/**
 * RULES §4 rule 1 / §7.4: in pregnancy warfarin and DOACs are avoided, heparins are not. The card that stops an
 * avoided agent must stop exactly those orders (one list decides both the alert and the card's actions).
 */
import { RXNORM, SCT, UCUM, chart, condition, run } from './chart';

const pregnant = condition('preg', SCT, '77386006');
const active = (id: string, rxcui: string, doseValue: number, doseUnit: string, perDay: number): Record<string, unknown> => ({
  resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: { reference: 'Patient/p1' },
  authoredOn: '2025-03-01', medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxcui }] },
  dosageInstruction: [{
    timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } },
    doseAndRate: [{ doseQuantity: { value: doseValue, unit: doseUnit, system: UCUM, code: doseUnit } }],
  }],
});

describe('pregnant patient on warfarin and a parenteral anticoagulant', () => {
  it.each([
    ['heparin 5,000 units q12h', active('hep', '1361615', 5000, '[iU]', 2)],
    ['fondaparinux 7.5 mg daily (treatment dose)', active('hep', '861365', 7.5, 'mg', 1)],
  ])('the avoid-in-pregnancy card stops warfarin only, never %s', (_name, other) => {
    const warfarin = active('warf', '855332', 5, 'mg', 1);
    const r = run(chart({}, [pregnant, warfarin, other]));
    const avoid = r.cards.find((c) => c.source.topic?.code === 'AGENT_AVOID_IN_PREGNANCY');
    expect(avoid).toBeDefined();
    expect(avoid?.indicator).toBe('critical');
    const deletes = (avoid?.suggestions ?? []).flatMap((s) => s.actions ?? []).filter((a) => a.type === 'delete').map((a) => (a.type === 'delete' ? a.resourceId : ''));
    expect(deletes).toContain('MedicationRequest/warf');
    expect(deletes).not.toContain('MedicationRequest/hep');
    expect(`${avoid?.summary ?? ''} ${avoid?.detail ?? ''}`.toLowerCase()).not.toMatch(/stop (heparin|fondaparinux)/);
  });
});
