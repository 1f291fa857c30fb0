/** GET /cds-services — CDS Hooks 2.0 §Discovery: the published fields of every service definition. */
import type { RequestHandler } from 'express';
import type { CdsServiceDescriptor } from '../cds/types';

export function toDiscoveryEntry(service: CdsServiceDescriptor): CdsServiceDescriptor {
  const { id, hook, title, description, prefetch, usageRequirements } = service;
  return {
    hook,
    title,
    description,
    id,
    ...(prefetch !== undefined && Object.keys(prefetch).length > 0 ? { prefetch } : {}),
    ...(usageRequirements !== undefined && usageRequirements !== '' ? { usageRequirements } : {}),
  };
}

export function discoveryHandler(services: readonly CdsServiceDescriptor[]): RequestHandler {
  // Built once: the definitions are fixed at start-up.
  const body = JSON.stringify({ services: services.map(toDiscoveryEntry) });
  return (_req, res) => {
    res.status(200).type('application/json').send(body);
  };
}
