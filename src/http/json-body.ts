/**
 * JSON bodies only: a POST with a body that is not JSON is 415 before parsing; a JSON body over the configured
 * limit is 413 (Express's 100 kB default would reject real sandbox traffic).
 */
import express, { type RequestHandler } from 'express';
import { CdsError } from '../errors';

export const JSON_TYPES = ['application/json', 'application/*+json'];

export function requireJsonContentType(): RequestHandler {
  return (req, _res, next) => {
    // req.is → null when there is no body at all: that is a validation matter (400), not a media type one.
    if (req.method === 'POST' && req.is(JSON_TYPES) === false) {
      throw new CdsError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the request body must be application/json');
    }
    next();
  };
}

export function jsonBody(limit: string): RequestHandler {
  return express.json({ limit, strict: true, type: JSON_TYPES });
}

/**
 * A hook call's body as bytes (inflated and limited as `jsonBody` would) plus its declared charset, for
 * `runHookCall` to decode and parse wherever it runs: on an evaluation worker the bytes are handed over without a
 * copy and the event loop never parses the large prefetch. Same rule as body-parser's JSON reader: a charset other
 * than UTF-* is 415.
 */
export function hookBodyBytes(limit: string): RequestHandler[] {
  return [
    (req, res, next) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && !charset.startsWith('utf-')) {
        throw new CdsError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the request charset is not supported; send UTF-8 JSON');
      }
      if (charset !== undefined) res.locals['bodyCharset'] = charset;
      next();
    },
    express.raw({ limit, type: JSON_TYPES }),
  ];
}
