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
