/**
 * The trusted-clients file (CDS_TRUSTED_ISSUERS): which CDS Clients may call, with which keys, from which tenant,
 * and which FHIR origins each may make the service contact. Validated once at start-up; every problem is listed
 * with the file and a JSON pointer (CONFORMANCE §3.10 S7/S8; issue 5 §2).
 */
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { Ajv } from 'ajv';
import type { JWK } from 'jose';
import { ConfigError } from '../../config';

export interface TrustedClient {
  /** Exact `iss` the client puts in its JWTs. */
  readonly iss: string;
  /** Keys pinned out of band: a token whose `kid` is here verifies with no network call. */
  readonly jwks?: { readonly keys: readonly JWK[] };
  /** JWK Set URLs this client may name in its `jku` header; nothing else is ever fetched. */
  readonly jku?: readonly string[];
  /** When set, the token's `tenant` claim must equal it. */
  readonly tenant?: string;
  /** When set, narrows the FHIR origins this client may make the service call (origins, normalised). */
  readonly fhirServers?: readonly string[];
}

export interface TrustedClientsOptions {
  /** Allow `http://` jku URLs on loopback hosts (development and tests only; never in production). */
  readonly allowLoopbackHttp?: boolean;
}

/** Private or symmetric key members: a pinned key with any of these is a leaked secret, not a public key. */
const SECRET_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const schema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['iss'],
    additionalProperties: false,
    properties: {
      iss: { type: 'string', minLength: 1, pattern: '^\\S+$' },
      jwks: {
        type: 'object',
        required: ['keys'],
        additionalProperties: false,
        properties: {
          keys: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['kty', 'kid'],
              properties: { kty: { type: 'string' }, kid: { type: 'string', minLength: 1 }, alg: { type: 'string' } },
            },
          },
        },
      },
      jku: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
      tenant: { type: 'string', minLength: 1 },
      fhirServers: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      $comment: { type: 'string' },
    },
    anyOf: [{ required: ['jwks'] }, { required: ['jku'] }],
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validateShape = ajv.compile(schema);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function describeAjvError(error: { instancePath: string; keyword: string; message?: string; params: unknown }): string {
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  if (error.keyword === 'anyOf') return `${pointer}: needs "jwks" (pinned keys) or "jku" (allowed JWK Set URLs), or both`;
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${pointer}: unknown property "${extra ?? '?'}"`;
  }
  return `${pointer}: ${error.message ?? error.keyword}`;
}

/**
 * Validate already-parsed JSON. `source` names the file in every problem. Throws ConfigError listing all problems.
 */
export function parseTrustedClients(json: unknown, source: string, options: TrustedClientsOptions = {}): TrustedClient[] {
  if (!validateShape(json)) {
    // anyOf reports its branch failures too; the anyOf line says it better, so drop the branch noise.
    const errors = (validateShape.errors ?? []).filter(
      (e, _, all) => !(e.keyword === 'required' && all.some((a) => a.keyword === 'anyOf' && a.instancePath === e.instancePath)),
    );
    throw new ConfigError(errors.map((e) => `${source}${describeAjvError(e)}`));
  }
  const entries = json as unknown as TrustedClient[];
  const problems: string[] = [];
  const seenIssuers = new Set<string>();
  const clients = entries.map((entry, index): TrustedClient => {
    const at = (pointer: string): string => `${source}/${index}${pointer}`;
    if (seenIssuers.has(entry.iss)) problems.push(`${at('/iss')}: issuer "${entry.iss}" is listed twice`);
    seenIssuers.add(entry.iss);

    const kids = new Set<string>();
    (entry.jwks?.keys ?? []).forEach((key, k) => {
      const keyAt = at(`/jwks/keys/${k}`);
      const secrets = SECRET_JWK_MEMBERS.filter((m) => m in key);
      if (secrets.length > 0) {
        problems.push(`${keyAt}: must be a public key (found private/symmetric member ${secrets.map((s) => `"${s}"`).join(', ')})`);
        return;
      }
      if (key.kid !== undefined && kids.has(key.kid)) problems.push(`${keyAt}/kid: "${key.kid}" is not unique in this client's keys`);
      if (key.kid !== undefined) kids.add(key.kid);
      try {
        createPublicKey({ key: key as import('node:crypto').JsonWebKey, format: 'jwk' });
      } catch {
        problems.push(`${keyAt}: is not a valid public JWK`);
      }
    });

    (entry.jku ?? []).forEach((url, u) => {
      const problem = checkJkuUrl(url, options);
      if (problem !== null) problems.push(`${at(`/jku/${u}`)}: ${problem}`);
    });

    const fhirServers = (entry.fhirServers ?? []).map((value, f) => {
      const origin = originOnly(value);
      if (origin === null) problems.push(`${at(`/fhirServers/${f}`)}: "${value}" is not an http(s) origin such as https://fhir.example.org`);
      return origin ?? value;
    });

    return Object.freeze({
      iss: entry.iss,
      ...(entry.jwks !== undefined ? { jwks: { keys: entry.jwks.keys.map((k) => Object.freeze({ ...k })) } } : {}),
      ...(entry.jku !== undefined ? { jku: [...entry.jku] } : {}),
      ...(entry.tenant !== undefined ? { tenant: entry.tenant } : {}),
      ...(entry.fhirServers !== undefined ? { fhirServers: fhirServers } : {}),
    });
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return clients;
}

function checkJkuUrl(value: string, options: TrustedClientsOptions): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL`;
  }
  if (url.username !== '' || url.password !== '') return `"${value}" must not carry credentials`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && options.allowLoopbackHttp === true && isLoopbackHost(url.hostname)) return null;
  return options.allowLoopbackHttp === true
    ? `"${value}" must be https (http only for loopback hosts)`
    : `"${value}" must be https`;
}

/** `https://host[:port]` with an optional trailing slash and nothing else → its origin; anything else → null. */
function originOnly(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Read and validate the trusted-clients file. Throws ConfigError naming the file and each JSON pointer. */
export function loadTrustedClients(path: string, options: TrustedClientsOptions = {}): TrustedClient[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${path}: is not valid JSON (${(error as Error).message})`]);
  }
  return parseTrustedClients(json, path, options);
}
