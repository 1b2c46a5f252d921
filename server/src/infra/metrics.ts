import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    holdRequests: new Counter({
      name: 'fastpass_hold_requests_total',
      help: 'Hold attempts by outcome code',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    holdLatency: new Histogram({
      name: 'fastpass_hold_seconds',
      help: 'Time to decide a hold',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    orders: new Counter({
      name: 'fastpass_orders_total',
      help: 'Orders by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    broadcasts: new Counter({
      name: 'fastpass_seat_updates_total',
      help: 'seat:update messages emitted (per trip room)',
      registers: [registry],
    }),
    mirrorPending: new Gauge({
      name: 'fastpass_mirror_pending',
      help: 'Hold changes decided in Redis and not yet written to Postgres',
      registers: [registry],
    }),
    mirrorDropped: new Counter({
      name: 'fastpass_mirror_dropped_total',
      help: 'Hold changes dropped because the mirror buffer was full (Postgres away too long)',
      registers: [registry],
    }),
    mirrorQuarantined: new Counter({
      name: 'fastpass_mirror_quarantined_total',
      help: 'Hold changes Postgres refused for their content, set aside in mirror_quarantine',
      registers: [registry],
    }),
    sockets: new Gauge({
      name: 'fastpass_sockets',
      help: 'Connected sockets on this instance',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
