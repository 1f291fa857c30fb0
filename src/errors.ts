/**
 * The closed set of error codes and their HTTP statuses (jose's ERR_* style; one mapping point, STYLE G9).
 * Messages never contain PHI or tokens: they name fields and rules, not values.
 */
export type CdsErrorCode =
  | 'ERR_INVALID_JSON'           // 400 body is not parseable JSON
  | 'ERR_INVALID_REQUEST'        // 400 body parsed but fails the hook request schema
  | 'ERR_UNAUTHENTICATED'        // 401 missing/invalid client JWT (no detail in body)
  | 'ERR_FORBIDDEN'              // 403 admin endpoint with a wrong token
  | 'ERR_UNKNOWN_SERVICE'        // 404 no such service id (or route)
  | 'ERR_METHOD_NOT_ALLOWED'     // 405
  | 'ERR_PREFETCH_UNAVAILABLE'   // 412 needed data neither prefetched nor fetchable
  | 'ERR_FHIR_TIMEOUT'           // 412 the FHIR server did not answer in time
  | 'ERR_PAYLOAD_TOO_LARGE'      // 413 over CDS_BODY_LIMIT
  | 'ERR_UNSUPPORTED_MEDIA_TYPE' // 415 not application/json
  | 'ERR_NOT_READY'              // 503 knowledge or store not ready
  | 'ERR_INTERNAL';              // 500 anything else (generic body, logged with hookInstance only)

export const STATUS_BY_CODE: Readonly<Record<CdsErrorCode, number>> = {
  ERR_INVALID_JSON: 400,
  ERR_INVALID_REQUEST: 400,
  ERR_UNAUTHENTICATED: 401,
  ERR_FORBIDDEN: 403,
  ERR_UNKNOWN_SERVICE: 404,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_PREFETCH_UNAVAILABLE: 412,
  ERR_FHIR_TIMEOUT: 412,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_NOT_READY: 503,
  ERR_INTERNAL: 500,
};

export class CdsError extends Error {
  constructor(
    readonly code: CdsErrorCode,
    message: string,
    /** Optional FHIRPath-ish location of the offending field, e.g. "context.patientId". */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CdsError';
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}
