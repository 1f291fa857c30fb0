/** Loading the knowledge folder for a command, with a one-line error a user can act on. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ServiceDefinitionError, loadServiceDefinitions } from '../cds/service-definitions';
import { KnowledgeError, checkKnowledge, loadKnowledge, type KnowledgeProblem } from '../clinical/knowledge/load';
import type { Knowledge, Thresholds } from '../clinical/knowledge/types';
import { inputError } from './cli-error';

/** Default knowledge folder: CDS_KNOWLEDGE_DIR, as the service uses it, else `hooks`. */
export function defaultKnowledgeDir(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env.CDS_KNOWLEDGE_DIR?.trim();
  return fromEnv ? fromEnv : 'hooks';
}

function assertDirectory(dir: string, shown: string): void {
  if (!existsSync(dir)) throw inputError(`cannot read knowledge folder ${shown}: no such directory`);
  if (!statSync(dir).isDirectory()) throw inputError(`cannot read knowledge folder ${shown}: not a directory`);
}

/**
 * Every problem of a knowledge folder ([] = valid): the knowledge files and, when the folder has them, the service
 * definitions (`services/`), both checked as the service checks them at start-up. Files are named relative to DIR.
 */
export function knowledgeProblems(dir: string, shown: string): readonly KnowledgeProblem[] {
  assertDirectory(dir, shown);
  const named = (problem: KnowledgeProblem): KnowledgeProblem =>
    isAbsolute(problem.file) ? { ...problem, file: relative(dir, problem.file) || shown } : problem;
  const problems: KnowledgeProblem[] = checkKnowledge(dir).map(named);
  const servicesDir = join(dir, 'services');
  if (existsSync(servicesDir)) {
    try {
      loadServiceDefinitions(servicesDir);
    } catch (err) {
      if (!(err instanceof ServiceDefinitionError)) throw err;
      problems.push(...err.problems.map(named));
    }
  }
  return problems;
}

export function loadKnowledgeForCommand(dir: string, shown: string): Knowledge {
  assertDirectory(dir, shown);
  try {
    return loadKnowledge(dir);
  } catch (err) {
    const count = err instanceof KnowledgeError ? err.problems.length : 1;
    throw inputError(
      `knowledge folder ${shown} is invalid (${count} problem${count === 1 ? '' : 's'}; see 'distal-dvt-cds check-knowledge ${shown}')`,
    );
  }
}

/** The same knowledge with some thresholds replaced (a scenario's own settings). */
export function withThresholds(knowledge: Knowledge, overrides: Readonly<Record<string, unknown>> | undefined): Knowledge {
  if (overrides === undefined) return knowledge;
  return { ...knowledge, thresholds: { ...knowledge.thresholds, ...overrides } as Thresholds };
}
