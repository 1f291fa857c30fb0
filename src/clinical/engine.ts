/**
 * The clinical core entry point: evaluateHook(input, knowledge, newId) → facts → decide → orders → cards.
 * Pure: no I/O, no clock reads ("now" is input.now, ids come from newId). Dispatches per hook:
 * patient-view (RULES §5.4 cards), order-select / order-sign (draft checks), encounter-discharge.
 */
import type { Knowledge } from './knowledge/types';
import type { EngineResult, EvaluationInput, NewId } from './types';
import { extractFacts } from './facts';
import { evaluateWith } from './decide/evaluate';

export function evaluateHook(input: EvaluationInput, knowledge: Knowledge, newId: NewId): EngineResult {
  return evaluateWith(extractFacts, input, knowledge, newId);
}
