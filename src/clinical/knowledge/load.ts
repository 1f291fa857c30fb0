/**
 * PLACEHOLDER (owned by the knowledge work of issue 3): loads and validates the knowledge folder.
 * Signature is the contract: loadKnowledge(dir) returns Knowledge or throws KnowledgeError listing every problem
 * (file, JSON pointer, what was expected).
 */
import type { Knowledge } from './types';

export interface KnowledgeProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    super(`Invalid knowledge:\n${problems.map((p) => `- ${p.file} ${p.pointer || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

export function loadKnowledge(dir: string): Knowledge {
  throw new KnowledgeError([{ file: dir, pointer: '', message: 'knowledge loader not implemented yet' }]);
}
