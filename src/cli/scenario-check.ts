/** Run one scenario fixture through the clinical core and compare the advice with what the fixture expects. */
import type { CodeableConcept } from 'fhir/r4';
import type { Card } from '../cds/types';
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
  /** Expected detail phrases the first card does not contain. */
  readonly missingDetail: readonly string[];
  /** Order codes that appeared although the fixture forbids them. */
  readonly forbiddenOrderCodes: readonly string[];
  /** The scenario could not be run (bad fixture, engine error). */
  readonly problem?: string;
}

/** Deterministic ids for scenario runs (output is compared, not sent anywhere). */
function counterIds(): () => string {
  let n = 0;
  return () => `scenario-${++n}`;
}

/** Every code a card's create/update actions would order (medication or service codes). */
function orderedCodes(card: Card): string[] {
  return (card.suggestions ?? []).flatMap((s) =>
    (s.actions ?? []).flatMap((action) => {
      if (action.type === 'delete') return [];
      const resource = action.resource as { code?: CodeableConcept; medicationCodeableConcept?: CodeableConcept };
      return [...(resource.code?.coding ?? []), ...(resource.medicationCodeableConcept?.coding ?? [])].flatMap((c) =>
        c.code !== undefined ? [c.code] : [],
      );
    }),
  );
}

function primaryMatches(expected: Scenario['expected'], actual: string | null): boolean {
  if (actual === null && expected.primaryOptional === true) return true;
  if (expected.primary === '*') return actual !== null;
  return actual === expected.primary;
}

export function compareWithExpectation(scenario: Scenario, file: string, result: EngineResult): ScenarioOutcome {
  const codes = result.cards.map((card) => card.source.topic?.code ?? '(no topic)');
  const first = result.cards[0];
  const actualPrimary = first ? (first.source.topic?.code ?? '(no topic)') : null;
  const actualIndicator = first ? first.indicator : null;
  const { expected } = scenario;
  const missingNotes = (expected.notes ?? []).filter((code) => !codes.includes(code));
  const unexpectedCodes = (expected.absent ?? []).filter((code) => codes.includes(code));
  const detail = (first?.detail ?? '').toLowerCase();
  const missingDetail = first ? (expected.detailIncludes ?? []).filter((text) => !detail.includes(text.toLowerCase())) : [];
  const ordered = new Set(result.cards.flatMap(orderedCodes));
  const forbiddenOrderCodes = (expected.absentOrderCodes ?? []).filter((code) => ordered.has(code));
  const indicatorOk = expected.indicator === undefined || actualIndicator === null || expected.indicator === actualIndicator;
  const passed =
    primaryMatches(expected, actualPrimary) &&
    (indicatorOk || (actualPrimary === null && expected.primaryOptional === true)) &&
    missingNotes.length === 0 &&
    unexpectedCodes.length === 0 &&
    missingDetail.length === 0 &&
    forbiddenOrderCodes.length === 0;
  return {
    id: scenario.id,
    title: scenario.title,
    file,
    passed,
    expectedPrimary: expected.primary,
    actualPrimary,
    ...(expected.indicator !== undefined ? { expectedIndicator: expected.indicator } : {}),
    actualIndicator,
    actualCodes: codes,
    missingNotes,
    unexpectedCodes,
    missingDetail,
    forbiddenOrderCodes,
  };
}

export function runScenario(scenario: Scenario, file: string, knowledge: Knowledge, evaluate: Evaluate): ScenarioOutcome {
  try {
    const input = inputFromRequest(scenario.request, scenario.service, new Date(scenario.now));
    const result = evaluate(input, withThresholds(knowledge, scenario.thresholds), counterIds());
    return compareWithExpectation(scenario, file, result);
  } catch (err) {
    return unrunOutcome({ id: scenario.id, title: scenario.title, file, expectedPrimary: scenario.expected.primary }, `engine error: ${firstLine(err)}`);
  }
}

/** The outcome of a scenario that could not be run (unreadable fixture, engine error): failed, nothing observed. */
export function unrunOutcome(
  scenario: Pick<ScenarioOutcome, 'id' | 'title' | 'file' | 'expectedPrimary'>, problem: string,
): ScenarioOutcome {
  return {
    id: scenario.id,
    title: scenario.title,
    file: scenario.file,
    passed: false,
    expectedPrimary: scenario.expectedPrimary,
    actualPrimary: null,
    actualIndicator: null,
    actualCodes: [],
    missingNotes: [],
    unexpectedCodes: [],
    missingDetail: [],
    forbiddenOrderCodes: [],
    problem,
  };
}
