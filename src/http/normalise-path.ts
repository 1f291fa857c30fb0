/**
 * Collapse runs of slashes in the request path before routing. The sandbox builds service URLs as
 * `${discoveryUrl}/${service.id}`, so a discovery URL typed with a trailing slash makes it call
 * `/cds-services//{id}` and `/cds-services//{id}/feedback` (CONFORMANCE §7); without this those are 404s.
 * Only runs *inside* the path are collapsed (a trailing run stays, so `/cds-services//` is still not a route).
 * The query is left untouched; `req.originalUrl` keeps what the client sent (the JWT `aud` check normalises it).
 */
import type { RequestHandler } from 'express';

export function collapseSlashes(): RequestHandler {
  return (req, _res, next) => {
    const queryAt = req.url.indexOf('?');
    const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    if (path.includes('//')) req.url = path.replace(/\/{2,}(?=[^/])/g, '/') + (queryAt < 0 ? '' : req.url.slice(queryAt));
    next();
  };
}
