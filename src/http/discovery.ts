/** GET /cds-services — CDS Hooks 2.0 §Discovery: the published fields of every service definition. */
import type { RequestHandler } from 'express';
import { publishedFields } from '../cds/service-definitions';
import type { CdsServiceDescriptor } from '../cds/types';

export function discoveryHandler(services: readonly CdsServiceDescriptor[]): RequestHandler {
  // Built once: the definitions are fixed at start-up.
  const body = JSON.stringify({ services: services.map(publishedFields) });
  return (_req, res) => {
    res.status(200).type('application/json').send(body);
  };
}
