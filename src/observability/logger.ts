/**
 * Structured logs (pino). An allow-list, not a filter: request lines carry method, path, status and timing only;
 * invocation lines carry service, hook, hookInstance, status, duration, advice codes and prefetch key names.
 * Never bodies, context, prefetch contents, tokens or patient ids. Redaction is the second line of defence.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoHttp, { type HttpLogger } from 'pino-http';
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

/** `destination` lets tests capture the stream; default stdout. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Path only: a query string could carry anything. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/** One line per HTTP request. Invocation details come from the invoke route's own line. */
export function createHttpLogger(logger: Logger): HttpLogger<IncomingMessage, ServerResponse> {
  return pinoHttp({
    logger,
    // Preflights are noise; their answer is constant.
    autoLogging: { ignore: (req) => req.method === 'OPTIONS' },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    customLogLevel: (_req, res, err) => (err !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
  });
}
