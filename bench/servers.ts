/**
 * The two HTTP servers under load, in this process: the real service and the baseline — a bare Express 5 route
 * that parses the same body with the same JSON parser and answers a fixed response of the same size. The ratio
 * of the two is what the service costs above "Express + JSON parse + send", and it holds on a noisy machine.
 */
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export function listen(handler: RequestListener): Promise<RunningServer> {
  const server = http.createServer(handler);
  // Same keep-alive behaviour for both sides; autocannon keeps its connections open.
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/**
 * `POST {path}` parses the JSON body (limit as the service's default) and answers `fixedBody` (the bytes the
 * service answered for the same request), so both sides move the same bytes.
 */
export function createBaselineApp(routePath: string, fixedBody: Buffer): RequestListener {
  const app = express();
  app.use(express.json({ limit: '10mb' }));
  app.post(routePath, (req, res) => {
    // Touch the parsed body so the parse cannot be optimised away.
    if (typeof req.body !== 'object' || req.body === null) {
      res.status(400).end();
      return;
    }
    res.status(200).type('application/json').send(fixedBody);
  });
  return app;
}

export interface PostResult {
  readonly status: number;
  readonly body: Buffer;
}

export async function postJson(url: string, body: string): Promise<PostResult> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}
