/** The one error mapping point (STYLE G9): CdsError and body-parser errors → status + OperationOutcome. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { CdsError, type CdsErrorCode } from '../errors';
import type { AppDeps } from '../app-deps';
import { loggableHookInstance } from '../cds/hook-instance';
import { sendOperationOutcome } from './operation-outcome';

/** body-parser's error `type`s (https://github.com/expressjs/body-parser#errors). */
const BODY_PARSER_CODES: Readonly<Record<string, { code: CdsErrorCode; message: string }>> = {
  'entity.parse.failed': { code: 'ERR_INVALID_JSON', message: 'the request body is not valid JSON' },
  'entity.too.large': { code: 'ERR_PAYLOAD_TOO_LARGE', message: 'the request body is larger than the configured limit' },
  'encoding.unsupported': { code: 'ERR_UNSUPPORTED_MEDIA_TYPE', message: 'the request content encoding is not supported' },
  'charset.unsupported': { code: 'ERR_UNSUPPORTED_MEDIA_TYPE', message: 'the request charset is not supported; send UTF-8 JSON' },
  'request.aborted': { code: 'ERR_INVALID_REQUEST', message: 'the request was aborted' },
  'request.size.invalid': { code: 'ERR_INVALID_REQUEST', message: 'the request body size did not match Content-Length' },
};

/**
 * Other client errors body-parser raises without a `type` (http-errors with a 4xx status), e.g. a gzip body that
 * does not inflate (zlib "incorrect header check" wrapped as 400): the client's fault, never a 500.
 */
function clientErrorOf(err: unknown): CdsError | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (status === 413) return new CdsError('ERR_PAYLOAD_TOO_LARGE', 'the request body is larger than the configured limit', undefined, { cause: err });
  if (status === 415) return new CdsError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the request body encoding is not supported', undefined, { cause: err });
  return new CdsError('ERR_INVALID_REQUEST', 'the request body could not be read (bad content encoding or a broken upload)', undefined, { cause: err });
}

export function toCdsError(err: unknown): CdsError {
  if (err instanceof CdsError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  const mapped = typeof type === 'string' ? BODY_PARSER_CODES[type] : undefined;
  if (mapped !== undefined) return new CdsError(mapped.code, mapped.message, undefined, { cause: err });
  return clientErrorOf(err) ?? new CdsError('ERR_INTERNAL', 'Internal error', undefined, { cause: err });
}

export function notFoundHandler(): RequestHandler {
  return () => {
    throw new CdsError('ERR_UNKNOWN_SERVICE', 'no such route');
  };
}

export function errorHandler(deps: Pick<AppDeps, 'logger' | 'metrics'>): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toCdsError(err);
    if (error.code === 'ERR_INTERNAL') {
      // Logged with the error and the hookInstance only: never the body, never a token.
      const hookInstance = (res.locals as { hookInstance?: string }).hookInstance ?? loggableHookInstance(req.body);
      deps.logger.error({ err: error.cause ?? error, hookInstance }, 'internal error');
    }
    deps.metrics.httpError(error.status, error.code);
    sendOperationOutcome(res, error);
  };
}
