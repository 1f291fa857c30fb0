/**
 * Every error leaves the service as a FHIR OperationOutcome (CONFORMANCE §3.8; 3.0-ballot "Returning
 * OperationOutcome"). Other routes (feedback, admin) reuse sendOperationOutcome.
 */
import type { Response } from 'express';
import type { OperationOutcome } from 'fhir/r4';
import { CdsError, STATUS_BY_CODE, type CdsErrorCode } from '../errors';

/** FHIR IssueType per error code (http://hl7.org/fhir/R4/valueset-issue-type.html). */
const ISSUE_TYPE: Readonly<Record<CdsErrorCode, OperationOutcome['issue'][number]['code']>> = {
  ERR_INVALID_JSON: 'structure',
  ERR_INVALID_REQUEST: 'invalid',
  ERR_UNAUTHENTICATED: 'login',
  ERR_FORBIDDEN: 'forbidden',
  ERR_UNKNOWN_SERVICE: 'not-found',
  ERR_METHOD_NOT_ALLOWED: 'not-supported',
  ERR_PREFETCH_UNAVAILABLE: 'processing',
  ERR_FHIR_TIMEOUT: 'timeout',
  ERR_PAYLOAD_TOO_LARGE: 'too-costly',
  ERR_UNSUPPORTED_MEDIA_TYPE: 'not-supported',
  ERR_NOT_READY: 'transient',
  ERR_INTERNAL: 'exception',
};

/** Codes whose message is never shown: 401 says nothing (BP), 500 says nothing internal. */
const GENERIC_MESSAGE: Partial<Record<CdsErrorCode, string>> = {
  ERR_INTERNAL: 'Internal error',
};
const NO_DETAIL: ReadonlySet<CdsErrorCode> = new Set(['ERR_UNAUTHENTICATED']);

export function toOperationOutcome(error: CdsError): OperationOutcome {
  const diagnostics = NO_DETAIL.has(error.code) ? undefined : (GENERIC_MESSAGE[error.code] ?? error.message);
  const showField = error.field !== undefined && !NO_DETAIL.has(error.code) && error.code !== 'ERR_INTERNAL';
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: error.code === 'ERR_INTERNAL' ? 'fatal' : 'error',
        code: ISSUE_TYPE[error.code],
        details: { coding: [{ system: 'urn:distal-dvt-cds:error', code: error.code }] },
        ...(diagnostics !== undefined ? { diagnostics } : {}),
        ...(showField ? { expression: [error.field as string] } : {}),
      },
    ],
  };
}

export function sendOperationOutcome(res: Response, error: CdsError): void {
  const status = STATUS_BY_CODE[error.code];
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).type('application/json').send(JSON.stringify(toOperationOutcome(error)));
}
