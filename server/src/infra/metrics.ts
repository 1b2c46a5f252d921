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
    roomWrites: new Counter({
      name: 'fastpass_room_writes_total',
      help: 'Room broadcasts delivered to sockets of this instance, by path: direct (written to the WebSocket) or socket.io',
      labelNames: ['path'] as const,
      registers: [registry],
    }),
    ackWrites: new Counter({
      name: 'fastpass_ack_writes_total',
      help: 'Socket event acks sent by this instance, by path: direct (written to the WebSocket) or socket.io',
      labelNames: ['path'] as const,
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
    broadcastLag: new Histogram({
      name: 'fastpass_broadcast_lag_seconds',
      help: 'From a decision handing its changes to the broadcaster to the seat:update leaving (coalescing window included)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    purchaseLatency: new Histogram({
      name: 'fastpass_purchase_seconds',
      help: 'POST /api/orders, from request to response, by HTTP status',
      labelNames: ['status'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    queueAdmitted: new Counter({
      name: 'fastpass_queue_admitted_total',
      help: 'People admitted from a waiting room (by this instance while it leads)',
      labelNames: ['sale'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Gauges read from the running parts when Prometheus scrapes (deps.ts wires them): the serving mode,
 * how far the hold mirror is behind Postgres, and how many waiters this instance keeps per sale.
 */
export function observeParts(
  metrics: Metrics,
  parts: { mode: () => string; mirrorLagMs: () => number; waiting: () => Map<string, number> },
): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'fastpass_mode',
    help: 'Serving mode of this instance: 1 for the current one (cache: Redis decides; database: Postgres)',
    labelNames: ['mode'] as const,
    registers,
    collect() {
      const now = parts.mode();
      for (const mode of ['cache', 'database']) this.set({ mode }, mode === now ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fastpass_mirror_lag_seconds',
    help: 'Age of the oldest hold change decided here and not yet written to Postgres (0: all written)',
    registers,
    collect() {
      this.set(parts.mirrorLagMs() / 1000);
    },
  });
  new Gauge({
    name: 'fastpass_queue_waiting',
    help: 'Waiting-room waiters connected to this instance, per sale',
    labelNames: ['sale'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sale, n] of parts.waiting()) this.set({ sale }, n);
    },
  });
}
