/** A loopback FHIR server that holds every request until the test releases it: a "slow" server without timing. */
import { EventEmitter, once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface HeldFhirServer {
  readonly server: Server;
  /** Emits 'request' as each request arrives. */
  readonly arrived: EventEmitter;
  /** Answer every held request: `Patient/…` reads get a Patient, searches an empty searchset Bundle. */
  release(): void;
  stop(): void;
}

export function heldFhirServer(): HeldFhirServer {
  const held: { path: string; res: ServerResponse }[] = [];
  const arrived = new EventEmitter();
  const server = createServer((req, res) => {
    held.push({ path: req.url ?? '', res });
    arrived.emit('request');
  });
  return {
    server,
    arrived,
    release() {
      for (const { path, res } of held.splice(0)) {
        const patientId = /\/Patient\/([^/?]+)/.exec(path)?.[1];
        const body = patientId !== undefined
          ? { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1961-04-12' }
          : { resourceType: 'Bundle', type: 'searchset', total: 0 };
        res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
      }
    },
    stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}
