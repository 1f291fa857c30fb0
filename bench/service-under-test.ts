/**
 * The pieces of the service the benchmark drives, built as production builds them: `createApp` on
 * `createDefaultDeps`, with the production logger (level info) writing into /dev/null, so the cost of logging on
 * the hot path is measured without flooding the table. The knowledge and the clinical core are used directly for
 * the in-process figures; a knowledge folder that does not load skips those sections with its reason.
 */
import path from 'node:path';
import { createApp } from '../src/app';
import type { AppDeps } from '../src/app-deps';
import { evaluateHook } from '../src/clinical/engine';
import { loadKnowledge } from '../src/clinical/knowledge/load';
import type { Knowledge } from '../src/clinical/knowledge/types';
import type { Config } from '../src/config';
import { createDefaultDeps } from '../src/default-deps';
import { batchedLogDestination, createLogger } from '../src/observability/logger';

export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The repository's knowledge folder (`hooks/`), from dist/bench/ where the compiled bench runs. */
export const KNOWLEDGE_DIR = path.resolve(__dirname, '..', '..', 'hooks');

const firstLines = (error: unknown): string =>
  error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error);

export function findKnowledge(): Found<Knowledge> {
  try {
    return { ok: true, value: loadKnowledge(KNOWLEDGE_DIR) };
  } catch (error) {
    return { ok: false, reason: `loadKnowledge failed: ${firstLines(error)}` };
  }
}

export function discardingLogger(): AppDeps['logger'] {
  // As production writes (batchedLogDestination), into /dev/null.
  return createLogger({ logLevel: 'info' }, batchedLogDestination('/dev/null'));
}

export interface BuiltService {
  readonly handler: ReturnType<typeof createApp>;
  /** Releases what the deps hold open (the feedback database, the evaluation workers). */
  readonly dispose: () => void;
  /** A full collection in the evaluation workers (when run with --expose-gc), before a memory snapshot. */
  readonly collectWorkerGarbage: () => Promise<void>;
}

/** The service's request handler, or why it cannot be built (e.g. knowledge not loadable yet). */
export function buildService(config: Readonly<Config>, overrides: Partial<AppDeps> = {}): Found<BuiltService> {
  try {
    const deps = createDefaultDeps(config, { logger: discardingLogger(), ...overrides });
    const dispose = (): void => {
      deps.feedbackStore?.close();
      void deps.hookWorkers?.close();
    };
    const collectWorkerGarbage = async (): Promise<void> => {
      await deps.hookWorkers?.collectGarbage();
    };
    return { ok: true, value: { handler: createApp(config, deps), dispose, collectWorkerGarbage } };
  } catch (error) {
    return { ok: false, reason: `service did not start: ${firstLines(error)}` };
  }
}

/**
 * The clinical core replaced by one that answers no cards: what the protocol layer alone (validation, prefetch,
 * record, logging, metrics, headers) costs, so the table can say how much of the gap is the clinical work.
 */
export const noOpEngine: AppDeps['evaluate'] = () => ({ cards: [], facts: null, decision: null, adviceCodes: [] });

export { evaluateHook };
