/**
 * JSON Schemas of a hook call, one per hook (HL7 CDS Hooks Library 1.0.1 contexts, CONFORMANCE §3.3–3.4).
 * Lenient where real clients are sloppy (unknown fields, `extension`, draftOrders without Bundle.type, draft
 * resources without medication), strict where a value reaches a URL or the clinical core (ids, references).
 */
import type { HookName } from './types';

/** FHIR `id` (R4 datatype): also what keeps a context value from smuggling `?`, `&` or `/` into a prefetch URL. */
const FHIR_ID = '^[A-Za-z0-9\\-.]{1,64}$';
/** `Type/id`, e.g. `Practitioner/123` (logical models of the hook library). */
export const REFERENCE_PATTERN = '^[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}$';
/** Any UUID form, case-insensitive (Inferno's regex is lower-case; clients differ). */
export const UUID_PATTERN = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';

const resource = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string', minLength: 1 } } };

/** A Bundle of draft orders; Bundle.type is not required (the sandbox omits it). */
const draftOrdersBundle = {
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: { const: 'Bundle' },
    entry: { type: 'array', items: { type: 'object', required: ['resource'], properties: { resource } } },
  },
};

function contextSchema(hook: HookName): object {
  const properties: Record<string, object> = {
    userId: { type: 'string', pattern: REFERENCE_PATTERN },
    patientId: { type: 'string', pattern: FHIR_ID },
    encounterId: { type: 'string', pattern: FHIR_ID },
  };
  const required = ['userId', 'patientId'];
  if (hook === 'encounter-discharge') required.push('encounterId');
  if (hook === 'order-select' || hook === 'order-sign') {
    properties['draftOrders'] = draftOrdersBundle;
    required.push('draftOrders');
  }
  if (hook === 'order-select') {
    properties['selections'] = { type: 'array', minItems: 1, items: { type: 'string', pattern: REFERENCE_PATTERN } };
    required.push('selections');
  }
  return { type: 'object', required, properties };
}

export function hookRequestSchema(hook: HookName): object {
  return {
    type: 'object',
    required: ['hook', 'hookInstance', 'context'],
    properties: {
      hook: { const: hook },
      hookInstance: { type: 'string', pattern: UUID_PATTERN },
      fhirServer: { type: 'string', format: 'uri', pattern: '^https?://' },
      fhirAuthorization: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_in', 'scope', 'subject'],
        properties: {
          access_token: { type: 'string', minLength: 1 },
          // The spec fixes "Bearer"; accept any letter case of it (RFC 6750 token types are case-insensitive).
          token_type: { type: 'string', pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' },
          expires_in: { type: 'integer' },
          scope: { type: 'string' },
          subject: { type: 'string' },
          patient: { type: 'string' },
        },
      },
      context: contextSchema(hook),
      // A literal `null` prefetch is invalid JSON use (G3) but means "nothing came": treated like an absent one.
      prefetch: { type: ['object', 'null'] },
      extension: { type: 'object' },
    },
    dependencies: { fhirAuthorization: ['fhirServer'] },
  };
}
