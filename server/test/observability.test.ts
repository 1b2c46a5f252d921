import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/infra/logger';
import {
  type ClientSocket,
  type TestServer,
  api,
  ask,
  closeTestDb,
  createTrip,
  guest,
  next,
  socketOf,
  startServer,
} from './harness';

/*
 * What operators see: the Grafana dashboard and the alert rules name only metrics a running server
 * really exports, and one request id follows a hold from the socket through the Lua script to the
 * broadcast that carries it (docs/observability.md).
 */
const deploy = path.join(__dirname, '../../deploy');
const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
    done();
  },
});
let server: TestServer;
let trip: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server = await startServer({ LOG_LEVEL: 'debug', PAYMENTS: 'off' }, {}, createLogger('debug', sink));
  trip = await createTrip();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  await closeTestDb();
});

/** Every metric name a scrape can return, from the exposition's TYPE lines (histograms: their series). */
function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    if (type === 'histogram' || type === 'summary')
      for (const s of ['_bucket', '_sum', '_count', '']) names.add(name + s);
    else names.add(name);
  }
  return names;
}

/** Metric names in PromQL expressions (functions, labels and keywords are not followed by a `{`/`[`/`)` the same way). */
function metricNames(exprs: string[]): Set<string> {
  const out = new Set<string>();
  for (const e of exprs)
    for (const m of e.replace(/\{[^}]*\}/g, '{}').matchAll(/\b((?:fastpass|nodejs|process)_[a-z0-9_]+)\b/g))
      out.add(m[1]!);
  return out;
}

describe('observability', () => {
  it('a hold carries one request id from the socket through the Lua script to the broadcast', async () => {
    const watcher = await socketOf(server.url, (await guest(server.url)).token);
    const holder = await socketOf(server.url, (await guest(server.url)).token);
    sockets.push(watcher, holder);
    expect((await ask(watcher, 'trip:watch', { tripId: trip })).ok).toBe(true);
    const seen = next(watcher, 'seat:update', (u) => u.seats.some((s) => s.id === 'KA-5'));
    const before = lines.length;
    const r = await ask(holder, 'seat:hold', { tripId: trip, seatIds: ['KA-5'], from: 'DHK', to: 'CTG' });
    expect(r.ok).toBe(true);
    await seen;
    const mine = lines.slice(before);
    const decided = mine.find((l) => l.msg === 'lua script decided' && l.script === 'hold-6.lua');
    expect(decided, 'the script outcome is logged').toBeDefined();
    const reqId = decided!.reqId as string;
    expect(reqId).toMatch(/^[\w-]{8,}$/);
    expect(decided).toMatchObject({ tripId: trip, code: 'OK' });
    expect(mine.some((l) => l.msg === 'socket event answered' && l.reqId === reqId && l.ok)).toBe(true);
    const sent = mine.find((l) => l.msg === 'seat:update sent' && l.tripId === trip);
    expect(sent?.reqIds).toContain(reqId);
  });

  it('an HTTP request keeps the balancer’s X-Request-Id in its answer and its log lines', async () => {
    const { token } = await guest(server.url);
    const res = await fetch(`${server.url}/api/trips/${trip}/holds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-request-id': 'lb-42',
      },
      body: JSON.stringify({ seatIds: ['KA-6'], from: 'DHK', to: 'CTG' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('lb-42');
    expect(lines.some((l) => l.msg === 'lua script decided' && l.reqId === 'lb-42')).toBe(true);
  });

  it('the dashboard and the alert rules use only metrics /metrics exports, and the rush metrics move', async () => {
    const { token } = await guest(server.url);
    const h = await api(server.url, 'POST', `/api/trips/${trip}/holds`, {
      token,
      body: { seatIds: ['KA-7'], from: 'DHK', to: 'CTG' },
    });
    const bought = await api(server.url, 'POST', '/api/orders', {
      token,
      headers: { 'Idempotency-Key': 'obs-1' },
      body: { holdId: h.body.holdId, passengers: [{ seatId: 'KA-7', name: 'Tania' }] },
    });
    expect(bought.status).toBe(201);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const names = exported(text);

    const dashboard = JSON.parse(readFileSync(path.join(deploy, 'grafana/dashboards/fastpass.json'), 'utf8'));
    const panelExprs: string[] = dashboard.panels.flatMap((p: { targets: Array<{ expr: string }> }) =>
      p.targets.map((t) => t.expr),
    );
    const ruleExprs = [
      ...readFileSync(path.join(deploy, 'prometheus/alerts.yml'), 'utf8').matchAll(
        /expr: (>\n(?:\s{10}.*\n)+|.*)/g,
      ),
    ].map((m) => m[1]!);
    for (const [what, exprs] of [
      ['dashboard', panelExprs],
      ['alerts', ruleExprs],
    ] as const) {
      const used = metricNames(exprs);
      expect(used.size, `${what} names metrics`).toBeGreaterThan(3);
      for (const n of used) expect(names.has(n), `${what}: ${n} is not exported by /metrics`).toBe(true);
    }
    // The list, all present.
    for (const n of [
      'fastpass_hold_requests_total',
      'fastpass_hold_seconds',
      'fastpass_broadcast_lag_seconds',
      'fastpass_queue_waiting',
      'fastpass_queue_admitted_total',
      'fastpass_mode',
      'fastpass_mirror_lag_seconds',
      'fastpass_purchase_seconds',
      'fastpass_sockets',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(names.has(n), n).toBe(true);
    expect(text).toMatch(/^fastpass_mode\{mode="cache"\} 1$/m);
    expect(Number(/^fastpass_purchase_seconds_count\{status="201"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThan(
      0,
    );
    expect(Number(/^fastpass_broadcast_lag_seconds_count (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^fastpass_hold_requests_total\{outcome="ok"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
  });
});
