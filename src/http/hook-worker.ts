/**
 * Entry of an evaluation worker thread (http/hook-workers.ts): loads the knowledge folder and the service
 * definitions once, then answers each posted hook call with `runHookCall`, never reaching the network (a call that
 * needs the FHIR server goes back to the event loop).
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { runHookCall, type HookCallEnv } from '../cds/hook-call';
import { loadServiceDefinitions } from '../cds/service-definitions';
import { createHookRequestValidator } from '../cds/validate-request';
import { evaluateHook } from '../clinical/engine';
import { loadKnowledge } from '../clinical/knowledge/load';
import { randomId } from '../ids';
import { serialiseFailure, type HookWorkerData, type WorkerGcRequest, type WorkerReply, type WorkerRequest } from './hook-workers';

function serve(port: NonNullable<typeof parentPort>, data: HookWorkerData): void {
  const env: HookCallEnv = {
    services: new Map(loadServiceDefinitions(join(data.knowledgeDir, 'services')).map((s) => [s.id, s])),
    validate: createHookRequestValidator(),
    knowledge: loadKnowledge(data.knowledgeDir),
    evaluate: evaluateHook,
    newId: randomId,
    prefetch: null,
  };
  port.on('message', (request: WorkerRequest | WorkerGcRequest) => {
    if ('collect' in request) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (typeof gc === 'function') {
        gc();
        gc();
      }
      port.postMessage({ collected: request.collect });
      return;
    }
    runHookCall(request.input, env).then(
      (outcome) => {
        if (outcome.kind === 'needs-network') {
          // The event loop finishes this call and needs the bytes it moved here: move them back.
          const body = request.input.body;
          const reply: WorkerReply = { id: request.id, ok: true, outcome, body };
          port.postMessage(reply, [body.buffer as ArrayBuffer]);
          return;
        }
        const reply: WorkerReply = { id: request.id, ok: true, outcome };
        port.postMessage(reply);
      },
      (err: unknown) => {
        const reply: WorkerReply = { id: request.id, ok: false, failure: serialiseFailure(err) };
        port.postMessage(reply);
      },
    );
  });
}

if (parentPort !== null) serve(parentPort, workerData as HookWorkerData);
