/** Run one scenario fixture through the clinical core and compare the advice with what the fixture expects. */
import type { Knowledge } from '../clinical/knowledge/types';
import type { EngineResult } from '../clinical/types';
import type { Evaluate } from '../app-deps';
import { firstLine } from './cli-error';
import { inputFromRequest } from './evaluation-input';
import { withThresholds } from './knowledge';
import type { Scenario } from './scenario-fixtures';

export interface ScenarioOutcome {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly passed: boolean;
  readonly expectedPrimary: string | null;
  readonly actualPrimary: string | null;
  readonly expectedIndicator?: string;
  readonly actualIndicator: string | null;
  /** Every advice code on the cards, in order. */
  readonly actualCodes: readonly string[];
  /** Expected notes that did not appear. */
  readonly missingNotes: readonly string[];
  /** Codes that appeared although the fixture says they must not. */
  readonly unexpectedCodes: readonly string[];
  /** The scenario could not be run (bad fixture, engine error). */
  readonly problem?: string;
}

/** Deterministic ids for scenario runs (output is compared, not sent anywhere). */
function counterIds(): () => string {
  let n = 0;
  return () => `scenario-${++n}`;
}

export function compareWithExpectation(scenario: Scenario, file: string, result: EngineResult): ScenarioOutcome {
  const codes = result.cards.map((card) => card.source.topic?.code ?? '(no topic)');
  const first = result.cards[0];
  const actualPrimary = first ? (first.source.topic?.code ?? '(no topic)') : null;
  const actualIndicator = first ? first.indicator : null;
  const { expected } = scenario;
  const missingNotes = (expected.notes ?? []).filter((code) => !codes.includes(code));
  const unexpectedCodes = (expected.absent ?? []).filter((code) => codes.includes(code));
  const indicatorOk = expected.indicator === undefined || expected.indicator === actualIndicator;
  return {
    id: scenario.id,
    title: scenario.title,
    file,
    passed: actualPrimary === expected.primary && indicatorOk && missingNotes.length === 0 && unexpectedCodes.length === 0,
    expectedPrimary: expected.primary,
    actualPrimary,
    ...(expected.indicator !== undefined ? { expectedIndicator: expected.indicator } : {}),
    actualIndicator,
    actualCodes: codes,
    missingNotes,
    unexpectedCodes,
  };
}

export function runScenario(scenario: Scenario, file: string, knowledge: Knowledge, evaluate: Evaluate): ScenarioOutcome {
  try {
    const input = inputFromRequest(scenario.request, scenario.service, new Date(scenario.now));
    const result = evaluate(input, withThresholds(knowledge, scenario.thresholds), counterIds());
    return compareWithExpectation(scenario, file, result);
  } catch (err) {
    return {
      id: scenario.id,
      title: scenario.title,
      file,
      passed: false,
      expectedPrimary: scenario.expected.primary,
      actualPrimary: null,
      actualIndicator: null,
      actualCodes: [],
      missingNotes: [],
      unexpectedCodes: [],
      problem: `engine error: ${firstLine(err)}`,
    };
  }
}
