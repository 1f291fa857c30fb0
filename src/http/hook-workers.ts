/**
 * Evaluation workers: hook calls are parsed, validated and evaluated on worker threads, so the event loop only
 * moves bytes (and stays free for health probes, feedback and other calls) while the CPU-bound work uses the
 * machine's other cores (issue 7). Each worker loads the same knowledge folder and runs the same `runHookCall`
 * as the event loop would; a call that needs the FHIR server comes back as `local` and is finished on the event
 * loop, where the fetch policy, the tokens and the fetch metrics live.
 *
 * A worker that dies fails only its calls in flight (500) and is replaced; after repeated deaths with no answer in
 * between, the pool stops replacing workers and every call runs on the event loop (logged once).
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { Logger } from 'pino';
import { HookCallError, type HookCallAnswer, type HookCallInput, type HookCallNeedsNetwork } from '../cds/hook-call';
import { CdsError, STATUS_BY_CODE, type CdsErrorCode } from '../errors';

/** Finish this call on the event loop: it needs the FHIR server, or no worker is available. */
export interface RunLocally {
  readonly kind: 'local';
  readonly reason: 'needs-network' | 'no-worker';
  /** The body's bytes, moved back from the worker (the caller's copy was moved to it). */
  readonly body?: Uint8Array;
}

export interface HookWorkerPool {
  readonly size: number;
  run(input: HookCallInput): Promise<HookCallAnswer | RunLocally>;
  /** Stop every worker; calls still in flight fail. */
  close(): Promise<void>;
  /**
   * A full collection in every worker, when the process runs with --expose-gc (else nothing): memory figures
   * (bench) are only comparable after each isolate collected, and `gc()` on the event loop reaches only its own.
   */
  collectGarbage(): Promise<void>;
}

/** Asks a worker for a full collection; it answers `{ collected: id }`. */
export interface WorkerGcRequest {
  readonly collect: number;
}

/** What a worker is started with (structured-cloneable). */
export interface HookWorkerData {
  readonly knowledgeDir: string;
}

/** A failure as it crosses the thread boundary: a CdsError by code, anything else as an internal error. */
export interface SerialisedFailure {
  readonly hookInstance?: string;
  readonly code?: CdsErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly stack?: string;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly outcome: HookCallAnswer }
  | { readonly id: number; readonly ok: true; readonly outcome: HookCallNeedsNetwork; readonly body: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly failure: SerialisedFailure };

export interface WorkerRequest {
  readonly id: number;
  readonly input: HookCallInput;
}

export function serialiseFailure(err: unknown): SerialisedFailure {
  const hookInstance = err instanceof HookCallError ? err.hookInstance : undefined;
  const inner = err instanceof HookCallError ? err.error : err;
  const base = hookInstance !== undefined ? { hookInstance } : {};
  if (inner instanceof CdsError) {
    return { ...base, code: inner.code, message: inner.message, ...(inner.field !== undefined ? { field: inner.field } : {}) };
  }
  const error = inner instanceof Error ? inner : new Error(String(inner));
  return { ...base, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
}

/** The failure rebuilt on the event loop, as `runHookCall` would have thrown it there. */
export function reviveFailure(failure: SerialisedFailure): HookCallError {
  let error: Error;
  if (failure.code !== undefined && Object.hasOwn(STATUS_BY_CODE, failure.code)) {
    error = new CdsError(failure.code, failure.message, failure.field);
  } else {
    error = new Error(failure.message);
    if (failure.stack !== undefined) error.stack = failure.stack;
  }
  return new HookCallError(error, failure.hookInstance);
}

export interface HookWorkerPoolOptions {
  readonly size: number;
  readonly data: HookWorkerData;
  readonly logger: Pick<Logger, 'error' | 'warn'>;
  /** The worker's entry file; default the compiled `hook-worker.js` beside this module. */
  readonly workerFile?: string;
  /** Node options for the workers (tests load the TypeScript sources through a require hook). */
  readonly execArgv?: readonly string[];
}

interface Pending {
  readonly resolve: (value: HookCallAnswer | RunLocally) => void;
  readonly reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, Pending>;
}

/** Deaths in a row (no answer in between) after which the pool gives up replacing workers. */
const MAX_CONSECUTIVE_DEATHS = 3;

export function createHookWorkerPool(options: HookWorkerPoolOptions): HookWorkerPool {
  const workerFile = options.workerFile ?? path.join(__dirname, 'hook-worker.js');
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let deathsInARow = 0;
  let givenUp = false;
  const collections = new Map<number, () => void>();

  const start = (slot: Slot | null): Slot => {
    const worker = new Worker(workerFile, {
      workerData: options.data,
      ...(options.execArgv !== undefined ? { execArgv: [...options.execArgv] } : {}),
    });
    // Idle workers never keep the process alive; a call in flight is held by its HTTP connection.
    worker.unref();
    const current: Slot = slot ?? { worker, pending: new Map() };
    current.worker = worker;
    worker.on('message', (reply: WorkerReply | { readonly collected: number }) => {
      if ('collected' in reply) {
        collections.get(reply.collected)?.();
        collections.delete(reply.collected);
        return;
      }
      const pending = current.pending.get(reply.id);
      if (pending === undefined) return;
      current.pending.delete(reply.id);
      deathsInARow = 0;
      if (!reply.ok) pending.reject(reviveFailure(reply.failure));
      else if ('body' in reply) pending.resolve({ kind: 'local', reason: 'needs-network', body: reply.body });
      else pending.resolve(reply.outcome);
    });
    const died = (why: Error): void => {
      if (current.worker !== worker) return; // already replaced
      const lost = [...current.pending.values()];
      current.pending.clear();
      for (const call of lost) call.reject(new HookCallError(why, undefined));
      if (closed) return;
      deathsInARow += 1;
      if (deathsInARow >= MAX_CONSECUTIVE_DEATHS) {
        if (!givenUp) options.logger.error({ err: why }, 'evaluation workers keep failing; evaluating on the event loop');
        givenUp = true;
        return;
      }
      options.logger.warn({ err: why, lostCalls: lost.length }, 'evaluation worker stopped; starting another');
      start(current);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`evaluation worker exited with code ${code}`)));
    return current;
  };

  for (let i = 0; i < options.size; i += 1) slots.push(start(null));

  return {
    size: options.size,
    run(input) {
      if (closed || givenUp || slots.length === 0) return Promise.resolve({ kind: 'local', reason: 'no-worker' });
      // The least busy worker: calls differ in cost (chart size), so plain round-robin can queue behind a big one.
      let slot = slots[0] as Slot;
      for (const candidate of slots) if (candidate.pending.size < slot.pending.size) slot = candidate;
      const id = nextId;
      nextId += 1;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        // The body's bytes are moved, not copied (a 100 kB prefetch costs ≈ 0.1 ms to clone on the event loop).
        // Only a buffer that owns its whole ArrayBuffer can move; a small pooled one is copied first.
        const bytes = input.body;
        const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
          ? bytes : new Uint8Array(bytes);
        const request: WorkerRequest = { id, input: { ...input, body: owned } };
        slot.worker.postMessage(request, [owned.buffer as ArrayBuffer]);
      });
    },
    async collectGarbage() {
      if (closed) return;
      await Promise.all(slots.map((slot) => new Promise<void>((resolve) => {
        const id = nextId;
        nextId += 1;
        collections.set(id, resolve);
        const request: WorkerGcRequest = { collect: id };
        slot.worker.postMessage(request);
      })));
    },
    async close() {
      closed = true;
      for (const resolve of collections.values()) resolve();
      collections.clear();
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
