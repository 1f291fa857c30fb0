/**
 * CORS for browser clients such as the CDS Hooks sandbox (CONFORMANCE §1.9, §9): every response allows any
 * origin, and a preflight OPTIONS is answered 204 here, before any authentication runs.
 */
import type { RequestHandler } from 'express';

export const CORS_MAX_AGE_SECONDS = 600;

export function cors(): RequestHandler {
  return (req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    res.set({
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
    });
    res.status(204).end();
  };
}
