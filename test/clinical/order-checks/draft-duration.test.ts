/** How long a drafted regimen runs, from what EHRs send (order-checks/draft-duration). */
import type { MedicationRequest } from 'fhir/r4';
import { draftSpan, regimenSpan } from '../../../src/clinical/order-checks/draft-duration';

const d = (value: number, code = 'd') => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
const mr = (extra: Partial<MedicationRequest>): MedicationRequest => ({ resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/p' }, ...extra });
const TODAY = '2025-03-05';

describe('draftSpan / regimenSpan', () => {
  it('reads boundsPeriod.end first, then the supply, then the sum of bounded phases; none → null', () => {
    expect(draftSpan(mr({ dosageInstruction: [{ timing: { repeat: { boundsPeriod: { start: '2025-03-05', end: '2025-06-05' } } } }] }), TODAY, 30))
      .toEqual({ start: '2025-03-05', days: 92 });
    expect(draftSpan(mr({ dispenseRequest: { expectedSupplyDuration: d(3, 'mo') } }), TODAY, 30)).toEqual({ start: TODAY, days: 90 });
    expect(draftSpan(mr({ dosageInstruction: [{ timing: { repeat: { boundsDuration: d(7) } } }, { timing: { repeat: { boundsDuration: d(83) } } }] }), TODAY, 30))
      .toEqual({ start: TODAY, days: 90 });
    expect(draftSpan(mr({ dosageInstruction: [{ timing: { repeat: { boundsDuration: d(7) } } }, { timing: { repeat: {} } }] }), TODAY, 30))
      .toEqual({ start: TODAY, days: null });
  });

  it('a regimen spans from its earliest start to its latest end: sequential phases add up, an overlapping bridge does not', () => {
    expect(regimenSpan([{ start: TODAY, days: 21 }, { start: '2025-03-26', days: 69 }], TODAY)).toEqual({ start: TODAY, days: 90 });
    expect(regimenSpan([{ start: TODAY, days: 5 }, { start: TODAY, days: 90 }], TODAY)).toEqual({ start: TODAY, days: 90 });
    expect(regimenSpan([{ start: TODAY, days: 21 }, { start: '2025-03-26', days: null }], TODAY)).toEqual({ start: TODAY, days: null });
  });
});
