/** Client JWT authentication (issue 5): the public surface of src/http/auth. */
export { createClientAuth, DEFAULT_LIMITS, DEFAULT_JWKS_SETTINGS } from './client-auth';
export type { ClientAuthOptions, JwksCacheSettings } from './client-auth';
export { buildAuthenticate } from './build-authenticate';
export type { AuthenticateDeps } from './build-authenticate';
export { loadTrustedClients, parseTrustedClients, isLoopbackHost } from './trusted-clients';
export type { TrustedClient, TrustedClientsOptions } from './trusted-clients';
export { expectedAudience, normaliseEndpointUrl } from './audience';
export { ALLOWED_ALGORITHMS } from './verify-client-token';
export type { AuthFailureReason } from './verify-client-token';
