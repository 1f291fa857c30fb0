/**
 * `distal-dvt-cds check-knowledge [DIR]` — validate a knowledge folder the way the service does at start-up and
 * print every problem as `file pointer: message`; exit 1 if there is any.
 */
import { resolve } from 'node:path';
import { parseCommandArgs } from './args';
import { usageError } from './cli-error';
import { defaultKnowledgeDir, knowledgeProblems } from './knowledge';
import { EXIT, type CliCommand } from './types';

export const checkKnowledgeCommand: CliCommand = async (args, io) => {
  const opts = parseCommandArgs('check-knowledge', args, {});
  const [dirArg, ...extra] = opts.positionals;
  if (extra.length > 0) throw usageError(`check-knowledge: one folder at a time (also got ${extra.join(' ')})`);
  const dir = dirArg ?? defaultKnowledgeDir(io.env);

  const problems = knowledgeProblems(resolve(io.cwd, dir), dir);
  if (problems.length === 0) {
    io.stdout(`${dir}: knowledge is valid\n`);
    return EXIT.OK;
  }
  for (const problem of problems) io.stdout(`${problem.file} ${problem.pointer || '/'}: ${problem.message}\n`);
  io.stdout(`${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
  return EXIT.FINDINGS;
};
