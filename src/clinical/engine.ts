/**
 * PLACEHOLDER (owned by the decision/cards work of issue 3): the clinical core entry point.
 * evaluateHook(input, knowledge, newId) → facts → decide → orders → cards. Pure: no I/O, no clock reads.
 */
import type { Knowledge } from './knowledge/types';
import type { EngineResult, EvaluationInput, NewId } from './types';

export function evaluateHook(_input: EvaluationInput, _knowledge: Knowledge, _newId: NewId): EngineResult {
  return { cards: [], facts: null, decision: null, adviceCodes: [] };
}
