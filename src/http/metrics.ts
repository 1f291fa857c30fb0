/** `GET /metrics`: the app's prom-client registry in the Prometheus text format. */
import { Router } from 'express';
import type { Registry } from 'prom-client';

export function metricsRouter(registry: Registry): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await registry.metrics();
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(text);
  });
  return router;
}
