/**
 * Which FHIR server origins the service may contact. Nothing else ever receives a request (and so a token):
 * an origin that is not allowed is treated as unreachable (CONFORMANCE §9 "host allowlist").
 */
export interface FhirOriginPolicy {
  /** Configured origins (CDS_FHIR_SERVERS). */
  readonly servers: readonly string[];
  /** Loopback hosts allowed too (development default). */
  readonly allowLoopback: boolean;
  /** When the authenticated client's trust entry names FHIR servers, only those (intersected with the above). */
  readonly clientServers?: readonly string[];
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function isOriginAllowed(url: string, policy: FhirOriginPolicy): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  const configured = policy.servers.includes(origin) || (policy.allowLoopback && isLoopback(origin));
  if (!configured) return false;
  if (policy.clientServers === undefined) return true;
  return policy.clientServers.some((s) => originOf(s) === origin);
}
