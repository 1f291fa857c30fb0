import type { MedicationRequest } from 'fhir/r4';
import { classifyDoseIntent, identifyAgent } from '../../../src/clinical/facts';
import { facts, knowledge, medication, patient, quantityObs, RXNORM } from './builders';

const rx = (code: string) => ({ coding: [{ system: RXNORM, code }] });
const order = (rxcui: string, value: number, unit: string, perDay: number, display?: string) =>
  medication(rxcui, { value, unit }, perDay, display ? { display } : {}) as MedicationRequest;

describe('identifyAgent', () => {
  test.each([
    ['1364430', 'apixaban'], ['1364436', 'apixaban'], ['1364445', 'apixaban'], ['1992427', 'apixaban'],
    ['1114195', 'rivaroxaban'], ['1549682', 'rivaroxaban'], ['1599555', 'edoxaban'], ['1037045', 'dabigatran'],
    ['1037042', 'dabigatran'], ['854235', 'enoxaparin'], ['225036', 'enoxaparin'], ['978740', 'dalteparin'],
    ['861363', 'fondaparinux'], ['5224', 'heparin'], ['855332', 'warfarin'], ['405155', 'warfarin'],
  ])('RxNorm %s → %s', (code, agent) => {
    expect(identifyAgent(rx(code), knowledge)).toBe(agent);
  });

  test('unverified tinzaparin 69528, antiplatelets and unrelated drugs are not anticoagulants', () => {
    expect(identifyAgent(rx('69528'), knowledge)).toBeNull();
    expect(identifyAgent(rx('1191'), knowledge)).toBeNull();
    expect(identifyAgent(undefined, knowledge)).toBeNull();
  });
});

describe('classifyDoseIntent (RULES §7.15)', () => {
  test('enoxaparin 40 mg daily is prophylactic (SC11), with or without weight', () => {
    expect(classifyDoseIntent(order('854235', 40, 'mg', 1), 'enoxaparin', 74, knowledge)).toBe('prophylactic');
    expect(classifyDoseIntent(order('854235', 40, 'mg', 1), 'enoxaparin', null, knowledge)).toBe('prophylactic');
  });

  test('enoxaparin 1 mg/kg q12h and 1.5 mg/kg daily are therapeutic', () => {
    expect(classifyDoseIntent(order('854241', 70, 'mg', 2), 'enoxaparin', 74, knowledge)).toBe('therapeutic');
    expect(classifyDoseIntent(order('854245', 110, 'mg', 1), 'enoxaparin', 74, knowledge)).toBe('therapeutic');
    expect(classifyDoseIntent(order('854241', 80, 'mg', 2), 'enoxaparin', null, knowledge)).toBe('therapeutic');
  });

  test('enoxaparin 40 mg q12h in a 40 kg patient is therapeutic; in 100 kg obese prophylaxis it is not', () => {
    expect(classifyDoseIntent(order('854235', 40, 'mg', 2), 'enoxaparin', 40, knowledge)).toBe('therapeutic');
    expect(classifyDoseIntent(order('854235', 40, 'mg', 2), 'enoxaparin', 100, knowledge)).toBe('prophylactic');
  });

  test('a dose given as 0.4 mL of a 100 mg/mL syringe is 40 mg', () => {
    const syringe = order('854235', 0.4, 'mL', 1, '0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe');
    expect(classifyDoseIntent(syringe, 'enoxaparin', 80, knowledge)).toBe('prophylactic');
  });

  test.each([
    ['apixaban', '1364435', 2.5, 2, 'prophylactic'],
    ['apixaban', '1364445', 5, 2, 'therapeutic'],
    ['apixaban', '1364445', 10, 2, 'therapeutic'],
    ['rivaroxaban', '1114198', 10, 1, 'prophylactic'],
    ['rivaroxaban', '1232082', 15, 2, 'therapeutic'],
    ['rivaroxaban', '1232086', 20, 1, 'therapeutic'],
    ['fondaparinux', '861360', 2.5, 1, 'prophylactic'],
    ['fondaparinux', '861365', 7.5, 1, 'therapeutic'],
    ['dabigatran', '1037045', 150, 2, 'therapeutic'],
    ['warfarin', '855332', 5, 1, 'therapeutic'],
  ] as const)('%s %s mg × %s/day → %s', (agent, rxcui, dose, perDay, intent) => {
    expect(classifyDoseIntent(order(rxcui, dose, 'mg', perDay), agent, 70, knowledge)).toBe(intent);
  });

  test('tablet counts use the product strength: 2 × apixaban 5 MG tablet BID is therapeutic', () => {
    expect(classifyDoseIntent(order('1364445', 2, '{tbl}', 2, 'apixaban 5 MG Oral Tablet'), 'apixaban', null, knowledge)).toBe('therapeutic');
  });

  test('dalteparin in IU: 5,000 IU daily prophylactic; 200 IU/kg daily therapeutic', () => {
    expect(classifyDoseIntent(order('978733', 5000, 'IU', 1), 'dalteparin', 70, knowledge)).toBe('prophylactic');
    expect(classifyDoseIntent(order('978746', 14000, '[iU]', 1), 'dalteparin', 70, knowledge)).toBe('therapeutic');
  });

  test('no dose or unreadable dose → unknown (warfarin is always therapeutic)', () => {
    const noDose = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: {}, medicationCodeableConcept: rx('1364445') } as MedicationRequest;
    expect(classifyDoseIntent(noDose, 'apixaban', 70, knowledge)).toBe('unknown');
    expect(classifyDoseIntent({ ...noDose, medicationCodeableConcept: rx('855332') }, 'warfarin', 70, knowledge)).toBe('therapeutic');
    expect(classifyDoseIntent(order('1364445', 3, 'furlongs', 2), 'apixaban', 70, knowledge)).toBe('unknown');
  });
});

describe('active anticoagulants in the record', () => {
  test('SC11: inpatient enoxaparin 40 mg daily is prophylactic and no "anticoagulant" evidence fires', () => {
    const f = facts('2025-03-03T12:00:00Z', [patient('1965-01-01'), quantityObs('29463-7', 74, 'kg', '2025-03-01'), medication('854235', { value: 40, unit: 'mg' }, 1)]);
    expect(f.anticoagulants).toEqual([expect.objectContaining({ agent: 'enoxaparin', intent: 'prophylactic', rxcui: '854235', startedAt: '2025-03-01' })]);
    expect(f.evidence['anticoagulant']).toBeUndefined();
  });

  test('stopped orders do not count; planned end from boundsDuration phases', () => {
    const stopped = medication('1364445', { value: 5, unit: 'mg' }, 2, { status: 'stopped' });
    expect(facts('2025-03-05T12:00:00Z', [stopped]).anticoagulants).toEqual([]);
    const phased = {
      resourceType: 'MedicationRequest', id: 'apx', status: 'active', intent: 'order', authoredOn: '2025-03-01',
      medicationCodeableConcept: rx('1364445'),
      dosageInstruction: [
        { sequence: 1, text: '10 mg BID x7d', timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', boundsDuration: { value: 7, code: 'd', system: 'http://unitsofmeasure.org' } } }, doseAndRate: [{ doseQuantity: { value: 10, code: 'mg' } }] },
        { sequence: 2, text: 'then 5 mg BID', timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', boundsDuration: { value: 83, code: 'd', system: 'http://unitsofmeasure.org' } } }, doseAndRate: [{ doseQuantity: { value: 5, code: 'mg' } }] },
      ],
    };
    const f = facts('2025-03-05T12:00:00Z', [phased]);
    expect(f.anticoagulants).toEqual([{
      agent: 'apixaban', intent: 'therapeutic', ref: 'MedicationRequest/apx', startedAt: '2025-03-01', rxcui: '1364445',
      dosageText: '10 mg BID x7d; then 5 mg BID', plannedEnd: '2025-05-30',
    }]);
    expect(f.evidence['anticoagulant']).toEqual(expect.objectContaining({ source: 'MedicationRequest/apx' }));
  });
});
