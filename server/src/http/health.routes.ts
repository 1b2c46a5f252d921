import type { Readiness } from '@fastpass/shared';
import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import { AppError } from '../errors';
import { ErrorCode } from '@fastpass/shared';

export interface HealthProbe {
  readiness(): Promise<Readiness>;
}

export function healthRoutes(deps: {
  probe: HealthProbe;
  registry: Registry;
  drain: { draining: boolean };
  metricsAccess: Config['metricsAccess'];
}): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const ready = await deps.probe.readiness();
    // Holds are possible in cache mode with Redis up, or in database mode with Postgres up.
    const canHold = ready.mode === 'cache' ? ready.redis === 'up' : ready.postgres === 'up';
    // A stopping instance says so first, so load balancers send new work elsewhere (shutdown.ts).
    if (deps.drain.draining) return res.status(503).json({ ...ready, draining: true });
    res.status(canHold ? 200 : 503).json(ready);
  });
  r.get('/metrics', async (req, res) => {
    // Metrics show traffic and internals: open in development, behind METRICS_TOKEN in production.
    const access = deps.metricsAccess;
    if (access === 'closed') throw new AppError(ErrorCode.FORBIDDEN, 'metrics are closed; set METRICS_TOKEN');
    if (access !== 'public' && req.headers.authorization !== `Bearer ${access.token}`) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'metrics need Authorization: Bearer <METRICS_TOKEN>');
    }
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
  return r;
}
