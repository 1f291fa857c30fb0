import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store';
import { installGracefulShutdown } from '../../src/observability/shutdown';
import { heldFhirServer, listen } from './held-fhir-server';

/** A service whose hook call fetches from the FHIR server before answering, like a prefetch fallback. */
function serviceCallingFhir(fhirBase: string): Server {
  const app = express();
  app.post('/cds-services/distal-dvt-patient-view', async (_req, res) => {
    const fhir = await fetch(`${fhirBase}/Observation?patient=p1`);
    await fhir.text();
    res.json({ cards: [] });
  });
  return createServer(app);
}

const silent = pino({ level: 'silent' });

describe('installGracefulShutdown', () => {
  test('SIGTERM during an in-flight call: new connections refused, the call completes 200, store closed, exit(0)', async () => {
    const fhir = heldFhirServer();
    const fhirBase = await listen(fhir.server);
    const server = serviceCallingFhir(fhirBase);
    const base = await listen(server);
    const store = new SqliteFeedbackStore({ file: null });
    const signals = new EventEmitter();
    const exits: number[] = [];
    const lifecycle = installGracefulShutdown(server, {
      graceMs: 30_000, onClosed: () => store.close(), logger: silent, exit: (code) => exits.push(code), signals,
    });

    const fhirReached = once(fhir.arrived, 'request');
    // undici keeps the connection alive: shutdown must still let the server close.
    const inFlight = fetch(`${base}/cds-services/distal-dvt-patient-view`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await fhirReached;

    signals.emit('SIGTERM');
    expect(lifecycle.isShuttingDown()).toBe(true);
    await expect(fetch(`${base}/health`)).rejects.toThrow(); // no longer accepting
    expect(exits).toEqual([]); // still waiting for the call in flight
    expect(store.isWritable()).toBe(true);

    fhir.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cards: [] });

    await lifecycle.shutdown(); // joins the shutdown the signal started
    expect(server.listening).toBe(false);
    expect(store.isWritable()).toBe(false);
    expect(exits).toEqual([0]);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    fhir.stop();
  });

  test('a call that outlives the grace period is cut, and the process still exits once', async () => {
    const fhir = heldFhirServer();
    const fhirBase = await listen(fhir.server);
    const server = serviceCallingFhir(fhirBase);
    const base = await listen(server);
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (_obj: unknown, message: string) => void warnings.push(message) } as unknown as pino.Logger;
    const exits: number[] = [];
    const signals = new EventEmitter();
    const lifecycle = installGracefulShutdown(server, { graceMs: 20, onClosed: () => {}, logger, exit: (code) => exits.push(code), signals });

    const fhirReached = once(fhir.arrived, 'request');
    const inFlight = fetch(`${base}/cds-services/distal-dvt-patient-view`, { method: 'POST', body: '{}' });
    await fhirReached;

    signals.emit('SIGINT');
    signals.emit('SIGTERM'); // a second signal joins the same shutdown
    await lifecycle.shutdown();
    await expect(inFlight).rejects.toThrow();
    expect(warnings).toContain('shutdown grace elapsed; closing connections');
    expect(exits).toEqual([0]);
    fhir.release();
    fhir.server.closeAllConnections();
    fhir.stop();
  });

  test('a failure while releasing resources exits 1', async () => {
    const server = createServer((_req, res) => res.end());
    await listen(server);
    const exits: number[] = [];
    const lifecycle = installGracefulShutdown(server, {
      graceMs: 1000, onClosed: () => { throw new Error('disk gone'); }, logger: silent, exit: (code) => exits.push(code), signals: new EventEmitter(),
    });
    await lifecycle.shutdown();
    expect(exits).toEqual([1]);
  });
});
