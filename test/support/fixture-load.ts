/**
 * Reads fhir-fixtures/scenarios/*.json and checks each file has the fixture shape (unknown JSON stays `unknown`
 * until checked). Throws FixtureFormatError naming the file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PREFETCH_KEYS, SERVICE_HOOK, type ScenarioFixture, type ServiceId } from './fixture-types';

export const FIXTURE_DIR = path.resolve(__dirname, '../../fhir-fixtures/scenarios');

export class FixtureFormatError extends Error {
  constructor(readonly file: string, readonly field: string, message: string) {
    super(`${file}: ${field}: ${message}`);
    this.name = 'FixtureFormatError';
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const EXPECTED_ACTION_FIELDS: Readonly<Record<string, 'string' | 'number' | 'string[]'>> = {
  type: 'string', resourceType: 'string', codes: 'string[]', anyCodes: 'string[]', occurrenceStart: 'string',
  occurrenceEnd: 'string', doseMg: 'number', frequencyPerDay: 'number', resourceId: 'string', durationDays: 'number',
};

function checkType(file: string, field: string, value: unknown, type: 'string' | 'number' | 'string[]'): void {
  const ok = type === 'string[]'
    ? Array.isArray(value) && value.every((x) => typeof x === 'string')
    : typeof value === type;
  if (!ok) throw new FixtureFormatError(file, field, `expected ${type}`);
}

function checkExpected(file: string, expected: unknown): void {
  if (!isObject(expected)) throw new FixtureFormatError(file, 'expected', 'expected an object');
  const primary = expected['primary'];
  if (primary !== null && typeof primary !== 'string') throw new FixtureFormatError(file, 'expected.primary', 'expected a code, "*" or null');
  for (const key of ['notes', 'absent', 'detailIncludes', 'absentOrderCodes']) {
    if (expected[key] !== undefined) checkType(file, `expected.${key}`, expected[key], 'string[]');
  }
  const indicator = expected['indicator'];
  if (indicator !== undefined && indicator !== 'info' && indicator !== 'warning' && indicator !== 'critical') {
    throw new FixtureFormatError(file, 'expected.indicator', 'expected info, warning or critical');
  }
  const suggestions = expected['suggestions'];
  if (suggestions === undefined) return;
  if (!Array.isArray(suggestions)) throw new FixtureFormatError(file, 'expected.suggestions', 'expected an array');
  suggestions.forEach((s: unknown, i) => {
    const at = `expected.suggestions[${i}]`;
    if (!isObject(s) || !Array.isArray(s['actions'])) throw new FixtureFormatError(file, at, 'expected { actions: [...] }');
    (s['actions'] as unknown[]).forEach((a, j) => {
      if (!isObject(a)) throw new FixtureFormatError(file, `${at}.actions[${j}]`, 'expected an object');
      for (const [k, v] of Object.entries(a)) {
        const type = EXPECTED_ACTION_FIELDS[k];
        if (type === undefined) throw new FixtureFormatError(file, `${at}.actions[${j}].${k}`, 'unknown field');
        checkType(file, `${at}.actions[${j}].${k}`, v, type);
      }
      if (!['create', 'update', 'delete'].includes(String(a['type']))) {
        throw new FixtureFormatError(file, `${at}.actions[${j}].type`, 'expected create, update or delete');
      }
    });
  });
}

/** Narrow one parsed file to a ScenarioFixture, or throw naming what is wrong. */
export function parseScenarioFixture(file: string, json: unknown): ScenarioFixture {
  if (!isObject(json)) throw new FixtureFormatError(file, '/', 'expected an object');
  for (const key of ['id', 'title', 'source', 'service', 'now']) checkType(file, key, json[key], 'string');
  const service = json['service'] as string;
  if (!(service in SERVICE_HOOK)) throw new FixtureFormatError(file, 'service', `unknown service ${service}`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(json['now'] as string)) {
    throw new FixtureFormatError(file, 'now', 'expected an ISO instant with a zone');
  }
  if (json['thresholds'] !== undefined && !isObject(json['thresholds'])) {
    throw new FixtureFormatError(file, 'thresholds', 'expected an object of Thresholds fields');
  }
  const request = json['request'];
  if (!isObject(request)) throw new FixtureFormatError(file, 'request', 'expected an object');
  if (request['hook'] !== SERVICE_HOOK[service as ServiceId]) {
    throw new FixtureFormatError(file, 'request.hook', `expected ${SERVICE_HOOK[service as ServiceId]} for ${service}`);
  }
  checkType(file, 'request.hookInstance', request['hookInstance'], 'string');
  if (!isObject(request['context'])) throw new FixtureFormatError(file, 'request.context', 'expected an object');
  const prefetch = request['prefetch'];
  if (!isObject(prefetch)) throw new FixtureFormatError(file, 'request.prefetch', 'expected an object');
  for (const key of PREFETCH_KEYS) {
    if (!(key in prefetch)) throw new FixtureFormatError(file, `request.prefetch.${key}`, 'missing (every key is given in every fixture)');
  }
  checkExpected(file, json['expected']);
  return json as unknown as ScenarioFixture;
}

export interface LoadedFixture {
  readonly file: string;
  readonly fixture: ScenarioFixture;
}

/** Every fixture file, sorted by file name. */
export function loadScenarioFixtures(dir: string = FIXTURE_DIR): LoadedFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new FixtureFormatError(file, '/', `not JSON: ${(err as Error).message}`);
      }
      return { file, fixture: parseScenarioFixture(file, json) };
    });
}
