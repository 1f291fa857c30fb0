/** Short-hands for the expectations the scenario definitions repeat (RULES §4.1, §5.5, §5.6). */
import { addDays } from './fixture-builders';
import { LMWH_CODES, RX } from './fixture-codes';
import type { ExpectedAction, ExpectedSuggestion } from './fixture-types';

export const PATIENT_VIEW = 'distal-dvt-patient-view' as const;
export const ORDER_SELECT = 'distal-dvt-order-select' as const;
export const ORDER_SIGN = 'distal-dvt-order-sign' as const;
export const DISCHARGE = 'distal-dvt-encounter-discharge' as const;

/** Codes that recommend a treatment path for an IDDVT: none may appear when the rules say "out of scope". */
export const IDDVT_TREATMENT_ADVICE = [
  'ANTICOAGULATE',
  'SERIAL_IMAGING',
  'SHARED_DECISION',
  'ANTICOAGULATE_BY_PREFERENCE',
  'CANCER_ANTICOAGULATE',
  'PREGNANCY_LMWH',
  'CONTRAINDICATED_SERIAL_IMAGING',
] as const;

/** Surveillance duplex n of 2 for diagnosis date d0: bilateral (93970 + 39420-5), window D0+5…9 / D0+12…16. */
export function surveillanceScan(d0: string, n: 1 | 2): ExpectedAction {
  return {
    type: 'create',
    resourceType: 'ServiceRequest',
    codes: ['93970', '39420-5'],
    occurrenceStart: addDays(d0, n === 1 ? 5 : 12),
    occurrenceEnd: addDays(d0, n === 1 ? 9 : 16),
  };
}

/** The serial-imaging option: both surveillance scans in ONE suggestion. */
export function serialImaging(d0: string, extra: Omit<ExpectedSuggestion, 'actions'> = {}): ExpectedSuggestion {
  return { ...extra, actions: [surveillanceScan(d0, 1), surveillanceScan(d0, 2)] };
}

/** Apixaban 10 mg BID × 7 d then 5 mg BID, product 1364445 (RULES §4.1 template). */
export const APIXABAN_TREATMENT: ExpectedAction = {
  type: 'create',
  resourceType: 'MedicationRequest',
  codes: ['1364445'],
  doseMg: 10,
  frequencyPerDay: 2,
};

export function apixaban(extra: Omit<ExpectedSuggestion, 'actions'> = {}): ExpectedSuggestion {
  return { ...extra, actions: [APIXABAN_TREATMENT] };
}

/** Any LMWH product (enoxaparin or dalteparin). */
export const LMWH_ORDER: ExpectedAction = { type: 'create', resourceType: 'MedicationRequest', anyCodes: LMWH_CODES };

/** Enoxaparin 1 mg/kg from the syringe RULES §4.1 picks, q12h (or q24h when CrCl < 30). */
export function enoxaparin(doseMg: number, syringe: string, frequencyPerDay: 1 | 2 = 2): ExpectedAction {
  return { type: 'create', resourceType: 'MedicationRequest', codes: [syringe], doseMg, frequencyPerDay };
}

export const WARFARIN_ORDER: ExpectedAction = { type: 'create', resourceType: 'MedicationRequest', anyCodes: RX.warfarin };
