/**
 * Scenario fixtures (`fhir-fixtures/scenarios/*.json`): a CDS Hooks request with its prefetch, the "now" it is
 * evaluated at, optional threshold overrides, and the advice it must produce. Shared by the `scenarios` and `seed`
 * commands and by the preview page's scenario list.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HookRequest } from '../cds/types';
import { CliError, firstLine, inputError } from './cli-error';
import { parseHookRequest } from './hook-request';
import { isObject, readJsonFile } from './read-json';

export interface ScenarioExpectation {
  /** `source.topic.code` of the first card; null = no card; `*` = at least one card, any code. */
  readonly primary: string | null;
  /** No card is acceptable too (RULES "no card or an optional info card"). */
  readonly primaryOptional?: boolean;
  readonly indicator?: string;
  /** Codes that must appear among the cards' topics. */
  readonly notes?: readonly string[];
  /** Codes that must not appear. */
  readonly absent?: readonly string[];
  readonly suggestions?: readonly unknown[];
  /** Substrings of the first card's detail, case-insensitive. */
  readonly detailIncludes?: readonly string[];
  /** Codes no create/update action of any card may order. */
  readonly absentOrderCodes?: readonly string[];
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly source?: string;
  readonly service: string;
  /** ISO instant the scenario is evaluated at. */
  readonly now: string;
  /** Threshold overrides for this scenario (e.g. age-adjusted D-dimer on). */
  readonly thresholds?: Readonly<Record<string, unknown>>;
  readonly request: HookRequest;
  readonly expected: ScenarioExpectation;
}

/** One fixture file: the scenario, or why it could not be read. */
export type ScenarioFile =
  | { readonly file: string; readonly scenario: Scenario }
  | { readonly file: string; readonly problem: string };

const stringArray = (value: unknown): value is readonly string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export function isScenarioFixture(value: unknown): value is Record<string, unknown> {
  return isObject(value) && isObject(value.request) && typeof value.now === 'string';
}

/** Narrow a parsed fixture; returns a one-line problem when it does not have the fixture shape. */
export function parseScenario(value: unknown, fallbackId: string): Scenario | string {
  if (!isScenarioFixture(value)) return 'not a scenario fixture (needs "request" and "now")';
  if (Number.isNaN(Date.parse(value.now as string))) return `"now" is not an ISO date-time`;
  const request = parseHookRequest(value.request);
  if (typeof request === 'string') return `request: ${request}`;
  const expected = value.expected;
  if (!isObject(expected) || !(expected.primary === null || typeof expected.primary === 'string')) {
    return '"expected.primary" must be an advice code or null';
  }
  for (const key of ['notes', 'absent', 'detailIncludes', 'absentOrderCodes'] as const) {
    if (expected[key] !== undefined && !stringArray(expected[key])) return `"expected.${key}" must be a list of strings`;
  }
  if (value.thresholds !== undefined && !isObject(value.thresholds)) return '"thresholds" must be an object';
  return {
    id: typeof value.id === 'string' ? value.id : fallbackId,
    title: typeof value.title === 'string' ? value.title : fallbackId,
    ...(typeof value.source === 'string' ? { source: value.source } : {}),
    service: typeof value.service === 'string' ? value.service : `distal-dvt-${request.hook}`,
    now: value.now as string,
    ...(value.thresholds !== undefined ? { thresholds: value.thresholds as Record<string, unknown> } : {}),
    request,
    expected: expected as unknown as ScenarioExpectation,
  };
}

/** `*.json` files of a scenario folder, sorted by name. Throws a CliError (exit 3) if the folder is missing. */
export function listScenarioFiles(dir: string, shownDir: string = dir): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw inputError(`cannot read scenario folder ${shownDir}: not a directory`);
    names = readdirSync(dir);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw inputError(`cannot read scenario folder ${shownDir}: no such directory`);
  }
  return names.filter((name) => name.endsWith('.json')).sort().map((name) => join(dir, name));
}

export function loadScenarioFile(file: string): ScenarioFile {
  const fallbackId = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  try {
    const parsed = parseScenario(readJsonFile(file, fallbackId + '.json'), fallbackId);
    return typeof parsed === 'string' ? { file, problem: parsed } : { file, scenario: parsed };
  } catch (err) {
    return { file, problem: firstLine(err, 'unreadable') };
  }
}

export function loadScenarios(dir: string, shownDir: string = dir): ScenarioFile[] {
  return listScenarioFiles(dir, shownDir).map(loadScenarioFile);
}
