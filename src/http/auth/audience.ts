/**
 * The `aud` a client must put in its token: "the URL of the CDS Service endpoint being invoked" (CONFORMANCE §3.10
 * S6), computed from the configured public base URL plus the path called — never from the Host header.
 */

/** Collapse runs of slashes in the path and drop a trailing slash, so `…/cds-services//id` (sandbox §7) matches. */
export function normaliseEndpointUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  const pathStart = schemeEnd < 0 ? 0 : url.indexOf('/', schemeEnd + 3);
  if (pathStart < 0) return url;
  const path = url.slice(pathStart).replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return url.slice(0, pathStart) + (path === '/' ? '' : path);
}

/** `publicBaseUrl` + the request path (query dropped), normalised. */
export function expectedAudience(publicBaseUrl: string, originalUrl: string): string {
  const queryAt = originalUrl.search(/[?#]/);
  const path = queryAt < 0 ? originalUrl : originalUrl.slice(0, queryAt);
  return normaliseEndpointUrl(publicBaseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
}

/** Whether the `aud` claim (string or array of strings) names `expected`. */
export function audienceMatches(aud: unknown, expected: string): boolean {
  const candidates = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  return candidates.some((c) => typeof c === 'string' && normaliseEndpointUrl(c) === expected);
}
