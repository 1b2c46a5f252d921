import type { RequestHandler } from 'express';
import type { Metrics } from '../infra/metrics';
import { newRequestId, withRequest } from '../infra/request-context';

const ID = /^[\w.:-]{1,64}$/;

/**
 * Every HTTP request runs under a request id (the balancer's `X-Request-Id` when it sends a sane one,
 * else a new one), echoed in the response header and carried by every log line it causes. Purchases
 * are timed here, whatever their outcome (`fastpass_purchase_seconds`).
 */
export function requestContext(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const reqId = typeof given === 'string' && ID.test(given) ? given : newRequestId();
    res.setHeader('X-Request-Id', reqId);
    if (req.method === 'POST' && req.path === '/api/orders') {
      const stop = metrics.purchaseLatency.startTimer();
      res.once('finish', () => stop({ status: String(res.statusCode) }));
    }
    withRequest(reqId, next);
  };
}
