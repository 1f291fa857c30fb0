/**
 * `distal-dvt-cds evaluate FILE [--hook H] [--patient ID] [--encounter ID] [--service ID] [--now ISO] [--json]
 * [--explain] [--knowledge DIR]` — run the clinical core on a CDS Hooks request, a scenario fixture or a patient
 * Bundle, and print the cards.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { HookName } from '../cds/types';
import { evaluateHook } from '../clinical/engine';
import type { EvaluationInput } from '../clinical/types';
import { flagOption, parseCommandArgs, stringOption } from './args';
import { inputError, usageError } from './cli-error';
import { inputFromBundle, inputFromRequest, isBundle } from './evaluation-input';
import { isHookName, looksLikeHookRequest, parseHookRequest, serviceIdForHook } from './hook-request';
import { defaultKnowledgeDir, loadKnowledgeForCommand, withThresholds } from './knowledge';
import { readJsonFile } from './read-json';
import { renderCards } from './render-cards';
import { renderExplanation } from './render-explanation';
import { isScenarioFixture, parseScenario } from './scenario-fixtures';
import { EXIT, type CliCommand } from './types';

const OPTIONS = {
  hook: { type: 'string' },
  patient: { type: 'string' },
  encounter: { type: 'string' },
  service: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  knowledge: { type: 'string' },
} as const;

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw usageError(`evaluate: --now must be an ISO date-time such as 2025-03-10T09:00:00Z (got "${value}")`);
  }
  return new Date(time);
}

interface Prepared {
  readonly input: EvaluationInput;
  readonly thresholds?: Readonly<Record<string, unknown>>;
}

function prepare(json: unknown, file: string, opts: ReturnType<typeof parseCommandArgs>): Prepared {
  const hookOption = stringOption(opts, 'hook');
  const patient = stringOption(opts, 'patient');
  const service = stringOption(opts, 'service');
  const now = parseNow(stringOption(opts, 'now'));
  if (hookOption !== undefined && !isHookName(hookOption)) {
    throw usageError(`evaluate: unknown hook "${hookOption}" (patient-view, order-select, order-sign, encounter-discharge)`);
  }

  if (isBundle(json)) {
    const hook: HookName = hookOption ?? 'patient-view';
    const simulation = {
      hook,
      serviceId: service ?? serviceIdForHook(hook),
      ...(patient !== undefined ? { patientId: patient } : {}),
      ...(stringOption(opts, 'encounter') !== undefined ? { encounterId: stringOption(opts, 'encounter') } : {}),
    };
    return { input: inputFromBundle(json, simulation, now ?? new Date()) };
  }

  if (hookOption !== undefined || patient !== undefined) {
    throw usageError('evaluate: --hook and --patient apply to a FHIR Bundle; the request in the file already says them');
  }
  if (isScenarioFixture(json)) {
    const scenario = parseScenario(json, file);
    if (typeof scenario === 'string') throw inputError(`cannot use ${file}: ${scenario}`);
    return {
      input: inputFromRequest(scenario.request, service ?? scenario.service, now ?? new Date(scenario.now)),
      ...(scenario.thresholds !== undefined ? { thresholds: scenario.thresholds } : {}),
    };
  }
  if (looksLikeHookRequest(json)) {
    const request = parseHookRequest(json);
    if (typeof request === 'string') throw inputError(`cannot use ${file}: ${request}`);
    return { input: inputFromRequest(request, service ?? serviceIdForHook(request.hook), now ?? new Date()) };
  }
  throw inputError(`cannot use ${file}: neither a CDS Hooks request, a scenario fixture nor a FHIR Bundle`);
}

export const evaluateCommand: CliCommand = async (args, io) => {
  const opts = parseCommandArgs('evaluate', args, OPTIONS);
  const [file, ...extra] = opts.positionals;
  if (file === undefined) throw usageError('evaluate: which file? usage: distal-dvt-cds evaluate FILE [options]');
  if (extra.length > 0) throw usageError(`evaluate: one file at a time (also got ${extra.join(' ')})`);

  const json = readJsonFile(resolve(io.cwd, file), file);
  const prepared = prepare(json, file, opts);
  const knowledgeDir = stringOption(opts, 'knowledge') ?? defaultKnowledgeDir(io.env);
  const knowledge = withThresholds(loadKnowledgeForCommand(resolve(io.cwd, knowledgeDir), knowledgeDir), prepared.thresholds);

  // The CLI is a shell, not the clinical core: fresh uuids here are what the service would send too.
  const result = evaluateHook(prepared.input, knowledge, randomUUID);

  if (flagOption(opts, 'json')) {
    const body = flagOption(opts, 'explain')
      ? { cards: result.cards, facts: result.facts, decision: result.decision, adviceCodes: result.adviceCodes }
      : { cards: result.cards };
    io.stdout(JSON.stringify(body, null, 2) + '\n');
  } else {
    io.stdout(renderCards(result.cards));
    if (flagOption(opts, 'explain')) io.stdout(renderExplanation(result));
  }
  return EXIT.OK;
};
