/**
 * `distal-dvt-cds scenarios [--knowledge DIR] [--dir fhir-fixtures/scenarios] [--json]` — run every fixture and
 * print expected vs actual advice; exit 1 on any mismatch. With another knowledge folder a site sees what a
 * threshold change would do to every scenario before deploying it.
 */
import { basename, resolve } from 'node:path';
import { evaluateHook } from '../clinical/engine';
import { flagOption, parseCommandArgs, stringOption } from './args';
import { usageError } from './cli-error';
import { defaultKnowledgeDir, loadKnowledgeForCommand } from './knowledge';
import { runScenario, unrunOutcome, type ScenarioOutcome } from './scenario-check';
import { loadScenarios } from './scenario-fixtures';
import { EXIT, type CliCommand } from './types';

export const DEFAULT_SCENARIO_DIR = 'fhir-fixtures/scenarios';

const OPTIONS = { knowledge: { type: 'string' }, dir: { type: 'string' }, json: { type: 'boolean' } } as const;

const show = (code: string | null): string => (code === null ? 'no card' : code === '*' ? 'any card' : code);

function describeOutcome(outcome: ScenarioOutcome): string {
  const status = outcome.passed ? 'PASS' : 'FAIL';
  if (outcome.problem !== undefined) return `${status}  ${outcome.id}  ${outcome.title}\n      ${outcome.problem}`;
  const lines = [
    `${status}  ${outcome.id}  ${outcome.title}`,
    `      expected ${show(outcome.expectedPrimary)}${outcome.expectedIndicator ? ` (${outcome.expectedIndicator})` : ''}` +
      `  ·  actual ${show(outcome.actualPrimary)}${outcome.actualIndicator ? ` (${outcome.actualIndicator})` : ''}`,
  ];
  const notes = outcome.actualCodes.slice(1);
  if (notes.length > 0) lines.push(`      notes: ${notes.join(', ')}`);
  if (outcome.missingNotes.length > 0) lines.push(`      missing notes: ${outcome.missingNotes.join(', ')}`);
  if (outcome.unexpectedCodes.length > 0) lines.push(`      should be absent: ${outcome.unexpectedCodes.join(', ')}`);
  if (outcome.missingDetail.length > 0) lines.push(`      detail lacks: ${outcome.missingDetail.map((t) => `"${t}"`).join(', ')}`);
  if (outcome.forbiddenOrderCodes.length > 0) lines.push(`      orders forbidden codes: ${outcome.forbiddenOrderCodes.join(', ')}`);
  return lines.join('\n');
}

export const scenariosCommand: CliCommand = async (args, io) => {
  const opts = parseCommandArgs('scenarios', args, OPTIONS);
  if (opts.positionals.length > 0) throw usageError(`scenarios: unexpected argument ${opts.positionals[0] ?? ''}`);
  const dir = stringOption(opts, 'dir') ?? DEFAULT_SCENARIO_DIR;
  const knowledgeDir = stringOption(opts, 'knowledge') ?? defaultKnowledgeDir(io.env);

  const files = loadScenarios(resolve(io.cwd, dir), dir);
  const knowledge = loadKnowledgeForCommand(resolve(io.cwd, knowledgeDir), knowledgeDir);
  const outcomes: ScenarioOutcome[] = files.map((entry) =>
    'problem' in entry
      ? unrunOutcome({ id: basename(entry.file, '.json'), title: '(unreadable fixture)', file: entry.file, expectedPrimary: null }, entry.problem)
      : runScenario(entry.scenario, entry.file, knowledge, evaluateHook),
  );
  const failed = outcomes.filter((o) => !o.passed).length;
  const passed = outcomes.length - failed;

  if (flagOption(opts, 'json')) {
    const scenarios = outcomes.map(({ file, ...rest }) => ({ ...rest, file: basename(file) }));
    io.stdout(JSON.stringify({ knowledge: knowledgeDir, total: outcomes.length, passed, failed, scenarios }, null, 2) + '\n');
  } else {
    io.stdout(`Scenarios in ${dir} against knowledge ${knowledgeDir}\n\n`);
    for (const outcome of outcomes) io.stdout(describeOutcome(outcome) + '\n');
    io.stdout(`\n${outcomes.length} scenario${outcomes.length === 1 ? '' : 's'}: ${passed} passed, ${failed} failed\n`);
  }
  return failed > 0 ? EXIT.FINDINGS : EXIT.OK;
};
