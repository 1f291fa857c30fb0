/**
 * Structured logs (pino). An allow-list, not a filter: request lines carry method, path, status and timing only;
 * a hook call's request line (`cds invocation`) adds service, hook, hookInstance, status, duration, advice codes
 * and prefetch key names.
 * Never bodies, context, prefetch contents, tokens or patient ids. Redaction is the second line of defence.
 */
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.access_token',
  '*.fhirAuthorization',
  '*.prefetch',
  '*.context',
];

export interface BatchedLogOptions {
  /** Bytes gathered before a write (pino/sonic-boom `minLength`, below its 16 kB `maxWrite`). */
  readonly batchBytes?: number;
  /** Longest time a line waits for its batch on a quiet service. */
  readonly flushMs?: number;
}

/**
 * Where production logs go: `dest` (stdout by default) written in batches of ≈ 4 kB, and at least every
 * `flushMs`, instead of one write per line. Perf (issue 7): one write per hook call cost ≈ 0.1 ms of the event
 * loop. Pino flushes what is left when the process exits (also on process.exit and uncaught errors); only a hard
 * kill can lose the last second of lines.
 */
export function batchedLogDestination(dest: number | string = 1, options: BatchedLogOptions = {}): ReturnType<typeof pino.destination> {
  const stream = pino.destination({ dest, sync: false, minLength: options.batchBytes ?? 4096 });
  const timer = setInterval(() => {
    // flush() throws while the stream is still opening (a file path) or after it ended: the next tick retries.
    try {
      stream.flush();
    } catch {
      /* not ready or closed */
    }
  }, options.flushMs ?? 1000);
  timer.unref();
  stream.on('close', () => clearInterval(timer));
  return stream;
}

/** `destination` lets tests and tools choose the stream; default stdout, batched (batchedLogDestination). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return pino(options, destination ?? batchedLogDestination());
}

/** Path only: a query string could carry anything. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/** The message of a hook call's line (the request line carrying the invocation fields). */
export const INVOCATION_MESSAGE = 'cds invocation';

/**
 * The invoke route puts its fields (service, hook, hookInstance, status, duration, advice codes, prefetch key
 * names) here; the request line then carries them, so a hook call costs one log line, not two.
 */
export function setInvocationLogFields(res: { locals: Record<string, unknown> }, fields: Readonly<Record<string, unknown>>): void {
  res.locals['invocationLog'] = fields;
}

function invocationLogFields(res: ServerResponse): Readonly<Record<string, unknown>> | undefined {
  const fields = (res as { locals?: Record<string, unknown> }).locals?.['invocationLog'];
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : undefined;
}

/**
 * One line per HTTP request (preflights excepted): `req` (id, method, path without query), `res` (statusCode),
 * `responseTime` in ms, and on a hook call the invocation fields, with message `cds invocation`; otherwise
 * `request completed`, `request aborted` (the client went away first) or, for a 5xx, `request errored` at level
 * error. Perf (issue 7): a plain listener instead of pino-http (child logger, serializers and four listeners per
 * request) — logging was ≈ 8 % of the hook-call throughput.
 */
export function createHttpLogger(logger: Logger): RequestHandler {
  let lastId = 0;
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    lastId = lastId >= Number.MAX_SAFE_INTEGER ? 1 : lastId + 1;
    const id = lastId;
    const started = performance.now();
    const log = (): void => {
      res.removeListener('finish', log);
      res.removeListener('close', log);
      const invocation = invocationLogFields(res);
      const status = res.statusCode;
      const line = {
        req: { id, method: req.method, path: pathOf(req.url) },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - started),
        ...invocation,
      };
      const message = invocation !== undefined ? INVOCATION_MESSAGE
        : status >= 500 ? 'request errored' : res.writableFinished ? 'request completed' : 'request aborted';
      if (status >= 500) logger.error(line, message);
      else logger.info(line, message);
    };
    res.once('finish', log);
    res.once('close', log);
    next();
  };
}
