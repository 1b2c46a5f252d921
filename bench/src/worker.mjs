// A load-generator process: many Socket.IO clients in one Node.js process, driven over IPC by
// bench/src/main.mjs. Roles: rush (hold/buy/release clients), closed (hold → release loops), watch (fan-out watchers), drive (holds
// at a fixed rate for the fan-out), purchase (hold → order loops).
//
// Every client is a light one (light-socket.mjs), not socket.io-client: on a machine the load shares with
// the server, each µs a client spends is taken from the server or, against the ack-only server, from the
// transport ceiling the rows are compared with (socket.io-client cost ≈ 100–200 µs of CPU per request).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { postJson } from './light-http.mjs';
import { LightSocket } from './light-socket.mjs';
import { Histogram, pool, sleep } from './stats.mjs';

async function connectAll(url, tokens, open = (u, t) => LightSocket.connect(u, t)) {
  let failed = 0;
  const sockets = await pool(tokens, 64, async (t) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await open(url, t);
      } catch {
        await sleep(200 * (attempt + 1));
      }
    }
    failed++;
    return null;
  });
  return { sockets: sockets.filter(Boolean), failed };
}

/** Buys a held seat as its passenger would: `POST /api/orders` with a fresh Idempotency-Key. */
function postOrder(url, token, holdId, passengers) {
  return postJson(
    `${url}/api/orders`,
    { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    { holdId, passengers },
  );
}

// ————— rush —————

/** The process's view of a trip's occupancy, shared by its clients to pick free seats. */
class View {
  constructor(seatIds, legs) {
    this.ids = seatIds;
    this.index = new Map(seatIds.map((id, i) => [id, i]));
    this.full = 2 ** legs - 1;
    this.legs = legs;
    this.held = new Int32Array(seatIds.length);
    this.sold = new Int32Array(seatIds.length);
    this.v = new Float64Array(seatIds.length);
    this.open = seatIds.map((_, i) => i);
    this.inOpen = new Uint8Array(seatIds.length).fill(1);
  }

  apply(entries) {
    for (const e of entries) {
      const i = this.index.get(e.id);
      if (i === undefined || e.v <= this.v[i]) continue;
      this.v[i] = e.v;
      this.held[i] = e.held;
      this.sold[i] = e.sold;
      this.reopen(i);
    }
  }

  reopen(i) {
    if (!this.inOpen[i] && ((this.held[i] | this.sold[i]) & this.full) !== this.full) {
      this.inOpen[i] = 1;
      this.open.push(i);
    }
  }

  /** Marks legs taken locally (own hold or a conflict) until the server's update supersedes it. */
  mark(seatIds, mask) {
    for (const id of seatIds) {
      const i = this.index.get(id);
      if (i !== undefined) this.held[i] |= mask;
    }
  }

  free(i) {
    return ~(this.held[i] | this.sold[i]) & this.full;
  }

  /** A random seat with a free stretch and a random journey inside that stretch, or null if sold out. */
  pick() {
    while (this.open.length > 0) {
      const k = Math.floor(Math.random() * this.open.length);
      const i = this.open[k];
      const free = this.free(i);
      if (free === 0) {
        this.open[k] = this.open[this.open.length - 1];
        this.open.pop();
        this.inOpen[i] = 0;
        continue;
      }
      const runs = [];
      let start = -1;
      for (let leg = 0; leg <= this.legs; leg++) {
        const isFree = leg < this.legs && (free >> leg) & 1;
        if (isFree && start < 0) start = leg;
        if (!isFree && start >= 0) {
          runs.push([start, leg]);
          start = -1;
        }
      }
      const [lo, hi] = runs[Math.floor(Math.random() * runs.length)];
      const from = lo + Math.floor(Math.random() * (hi - lo));
      const to = from + 1 + Math.floor(Math.random() * (hi - from));
      return { seat: i, from, to, mask: 2 ** to - 2 ** from };
    }
    return null;
  }

  /** Another seat free for the same journey, for two-seat holds (a few random tries). */
  partner(seat, mask) {
    for (let t = 0; t < 8 && this.open.length > 1; t++) {
      const j = this.open[Math.floor(Math.random() * this.open.length)];
      if (j !== seat && (this.free(j) & mask) === mask) return j;
    }
    return null;
  }
}

async function rush(msg) {
  const { url, tripId, tokens, ceiling, pBuy, pairShare, maxSeats } = msg;
  const trip = ceiling ? msg.trip : await (await fetch(`${url}/api/trips/${tripId}`)).json();
  const stations = trip.stops.map((s) => s.station);
  const seatIds = trip.coaches.flatMap((c) => c.seats.map((s) => s.id));
  const view = new View(seatIds, stations.length - 1);

  const watcher = await LightSocket.connect(url, tokens[0]);
  watcher.onEvent = (frame) => {
    const [name, u] = LightSocket.event(frame);
    if (name === 'seat:update' && u.tripId === tripId) view.apply(u.seats);
  };
  const snap = await watcher.ask('trip:watch', { tripId });
  if (!snap.ok) throw new Error(`trip:watch failed: ${JSON.stringify(snap)}`);
  view.apply(snap.snapshot.seats);

  const { sockets, failed } = await connectAll(url, tokens);
  process.send({ ev: 'ready', connected: sockets.length, failed });
  const go = await nextMessage('go');

  const hist = new Histogram();
  const counts = { attempted: 0, answered: 0, ok: 0, conflicts: 0, limit: 0, timeouts: 0, releases: 0 };
  const errors = {};
  const orders = { attempted: 0, ok: 0, failed: 0, errors: {} };
  const orderHist = new Histogram();
  let stop = false;
  let soldOutAt = null;
  let firstAt = null;
  let lastAt = null;
  const inflightBuys = new Set();
  process.on('message', (m) => {
    if (m.cmd === 'stop') stop = true;
  });

  const buy = async (token, hold, mine) => {
    orders.attempted++;
    const t0 = performance.now();
    try {
      const res = await postOrder(
        url,
        token,
        hold.holdId,
        hold.seatIds.map((seatId, n) => ({ seatId, name: `Passenger ${n + 1}` })),
      );
      const body = res.json;
      if (res.status === 201) {
        orders.ok++;
        orderHist.record(performance.now() - t0);
        mine.bought += hold.seatIds.length;
        mine.held -= hold.seatIds.length;
        mine.holds = mine.holds.filter((h) => h !== hold);
      } else {
        orders.failed++;
        const code = body?.error?.code ?? String(res.status);
        orders.errors[code] = (orders.errors[code] ?? 0) + 1;
      }
    } catch (err) {
      orders.failed++;
      orders.errors.network = (orders.errors.network ?? 0) + 1;
    } finally {
      mine.buying = false;
    }
  };

  const client = async (socket, token) => {
    const mine = { held: 0, bought: 0, holds: [], buying: false };
    while (!stop && Date.now() < go.until) {
      const pick = view.pick();
      if (!pick) {
        if (soldOutAt === null) {
          soldOutAt = Date.now();
          process.send({ ev: 'soldout', at: soldOutAt });
        }
        await sleep(20);
        continue;
      }
      const seats = [pick.seat];
      if (Math.random() < pairShare) {
        const j = view.partner(pick.seat, pick.mask);
        if (j !== null) seats.push(j);
      }
      const ids = seats.map((i) => view.ids[i]);
      // Stay within the allowance: let go of the oldest unpaid hold first (a passenger changing their mind).
      while (mine.held + mine.bought + ids.length > maxSeats) {
        const old = mine.holds.find((h) => !h.paying);
        if (!old) break;
        mine.holds = mine.holds.filter((h) => h !== old);
        mine.held -= old.seatIds.length;
        counts.releases++;
        await socket.ask('seat:release', { holdId: old.holdId });
      }
      if (mine.held + mine.bought + ids.length > maxSeats) {
        if (mine.holds.length === 0 && !mine.buying) break; // bought all it may
        await sleep(20);
        continue;
      }
      const t0 = performance.now();
      firstAt ??= Date.now();
      counts.attempted++;
      const res = await socket.ask('seat:hold', {
        tripId,
        seatIds: ids,
        from: stations[pick.from],
        to: stations[pick.to],
      });
      lastAt = Date.now();
      if (res.timeout) {
        counts.timeouts++;
        continue;
      }
      hist.record(performance.now() - t0);
      counts.answered++;
      if (res.ok) {
        counts.ok++;
        if (!ceiling) view.mark(ids, pick.mask);
        const hold = { holdId: res.hold.holdId, seatIds: ids, paying: false };
        mine.holds.push(hold);
        mine.held += ids.length;
        if (!ceiling && !mine.buying && Math.random() < pBuy) {
          mine.buying = true;
          hold.paying = true;
          const p = buy(token, hold, mine);
          inflightBuys.add(p);
          p.finally(() => inflightBuys.delete(p));
        }
      } else {
        const code = res.error?.code ?? 'UNKNOWN';
        if (code === 'SEAT_TAKEN') {
          counts.conflicts++;
          view.mark(res.error.seatIds?.length ? res.error.seatIds : ids, pick.mask);
        } else if (code === 'LIMIT_EXCEEDED') counts.limit++;
        else errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };

  await Promise.all(sockets.map((s, n) => client(s, tokens[n])));
  await Promise.race([Promise.all(inflightBuys), sleep(10_000)]);
  for (const s of sockets) s.close();
  watcher.close();
  return {
    ...counts,
    errors,
    orders: { ...orders, hist: orderHist.toSparse() },
    hist: hist.toSparse(),
    firstAt,
    lastAt,
    soldOutAt,
  };
}

// ————— closed loop —————

/**
 * Each client holds a random seat for the whole journey and, when it won, releases it; then again, one
 * request in flight per client, until the deadline. The plainest per-request cost of the hot path.
 */
async function closed(msg) {
  const { url, tripId, tokens, trip: given } = msg;
  const trip = given ?? (await (await fetch(`${url}/api/trips/${tripId}`)).json());
  const stations = trip.stops.map((s) => s.station);
  const seatIds = trip.coaches.flatMap((c) => c.seats.map((s) => s.id));
  const { sockets, failed } = await connectAll(url, tokens);
  process.send({ ev: 'ready', connected: sockets.length, failed });
  const go = await nextMessage('go');
  const holdHist = new Histogram();
  const releaseHist = new Histogram();
  const counts = { requests: 0, holds: 0, won: 0, taken: 0, releases: 0, timeouts: 0 };
  const errors = {};
  const from = stations[0];
  const to = stations.at(-1);
  let firstAt = null;
  let lastAt = null;
  const note = (res) => {
    lastAt = Date.now();
    if (res.timeout) counts.timeouts++;
    else counts.requests++;
    if (!res.timeout && !res.ok) {
      const code = res.error?.code ?? 'UNKNOWN';
      if (code === 'SEAT_TAKEN') counts.taken++;
      else errors[code] = (errors[code] ?? 0) + 1;
    }
  };
  const client = async (socket) => {
    while (Date.now() < go.until) {
      const seatId = seatIds[Math.floor(Math.random() * seatIds.length)];
      firstAt ??= Date.now();
      let t0 = performance.now();
      const h = await socket.ask('seat:hold', { tripId, seatIds: [seatId], from, to });
      note(h);
      if (h.timeout) continue;
      holdHist.record(performance.now() - t0);
      counts.holds++;
      if (!h.ok) continue;
      counts.won++;
      t0 = performance.now();
      const r = await socket.ask('seat:release', { holdId: h.hold.holdId });
      note(r);
      if (r.timeout) continue;
      releaseHist.record(performance.now() - t0);
      counts.releases++;
    }
  };
  await Promise.all(sockets.map((s) => client(s)));
  for (const s of sockets) s.close();
  return {
    ...counts,
    errors,
    holdHist: holdHist.toSparse(),
    releaseHist: releaseHist.toSparse(),
    firstAt,
    lastAt,
  };
}

// ————— fan-out —————

/** The bytes every `seat:update` event frame starts with (`4` message, `2` event, then the array). */
const SEAT_UPDATE_PREFIX = Buffer.from('42["seat:update",');
const VERSION_FIELD = Buffer.from('"version":');

/**
 * The key of one broadcast, read from its first bytes without decoding it: every watcher of a trip is
 * sent the same frame, so its `version` and length name it. Null when the frame is not a seat update or
 * the field is not where the server puts it (then the whole frame is its key).
 */
function updateKey(frame) {
  if (
    frame.length < SEAT_UPDATE_PREFIX.length ||
    frame.compare(SEAT_UPDATE_PREFIX, 0, SEAT_UPDATE_PREFIX.length, 0, SEAT_UPDATE_PREFIX.length) !== 0
  )
    return null;
  const at = frame.indexOf(VERSION_FIELD, SEAT_UPDATE_PREFIX.length);
  if (at < 0 || at > 200) return null;
  let version = 0;
  let i = at + VERSION_FIELD.length;
  for (; i < frame.length && frame[i] >= 0x30 && frame[i] <= 0x39; i++)
    version = version * 10 + (frame[i] - 0x30);
  return i === at + VERSION_FIELD.length ? null : `${version}:${frame.length}`;
}

async function watch(msg) {
  const { url, tripId, tokens, count } = msg;
  const ts = Array.from({ length: count }, (_, i) => tokens[i % tokens.length]);
  // Watchers are light clients (light-socket.mjs): thousands of them share one process.
  const { sockets, failed } = await connectAll(url, ts);
  let messages = 0;
  let disconnects = 0;
  let watchFailed = 0;
  // Every watcher records when each update reached it. The server sends every watcher of the trip the
  // same frame, so a process decodes each distinct update once (its first arrival) and the others only
  // read its key: the watchers cost the machine little besides receiving, and the row measures the
  // server rather than the processes playing its audience.
  /** Update key -> { at: arrival ms per watcher (0: not received), keys: the (seat, leg) changes it carries }. */
  const updates = new Map();
  const watcherCount = sockets.length;
  const decode = (frame) => {
    const [name, u] = LightSocket.event(frame);
    if (name !== 'seat:update') return null;
    const keys = [];
    for (const e of u.seats) {
      if (e.held === 0) continue;
      // The driver holds leg 0 of every seat, then leg 1, …: a seat's newest leg is its highest bit.
      keys.push(`${e.id}:${31 - Math.clz32(e.held)}`);
    }
    return { at: new Float64Array(watcherCount), keys };
  };
  let index = 0;
  await pool(sockets, 64, async (s) => {
    const w = index++;
    s.onEvent = (frame) => {
      messages++;
      const now = Date.now();
      const key = updateKey(frame) ?? frame.toString('latin1');
      let update = updates.get(key);
      if (!update) {
        update = decode(frame);
        if (!update) return;
        updates.set(key, update);
      }
      update.at[w] = now;
    };
    s.onClose(() => disconnects++);
    const r = await s.ask('trip:watch', { tripId });
    if (!r.ok) watchFailed++;
  });
  process.send({ ev: 'ready', connected: sockets.length, failed: failed + watchFailed });
  const go = await nextMessage('go');
  const startedAt = Date.now();
  messages = 0;
  const fin = await nextMessage('finish');
  const endedAt = Date.now();
  // (seat, leg) -> the updates that carried it (one, unless a seat's entry was sent again).
  const carriedBy = new Map();
  for (const u of updates.values()) {
    for (const k of u.keys) {
      const list = carriedBy.get(k);
      if (list) list.push(u);
      else carriedBy.set(k, [u]);
    }
  }
  const hist = new Histogram();
  let missing = 0;
  for (const [key, ackAt] of Object.entries(fin.acks)) {
    const list = carriedBy.get(key) ?? [];
    for (let w = 0; w < watcherCount; w++) {
      let first = 0;
      for (const u of list) if (u.at[w] > 0 && (first === 0 || u.at[w] < first)) first = u.at[w];
      if (first === 0) missing++;
      else hist.record(Math.max(0, first - ackAt));
    }
  }
  for (const s of sockets) s.close();
  return {
    watchers: sockets.length,
    sampled: watcherCount,
    messages,
    // The driving phase (updates after it are the last few in flight).
    seconds: (Math.min(endedAt, go.until) - startedAt) / 1000,
    disconnects,
    missing,
    hist: hist.toSparse(),
  };
}

async function drive(msg) {
  const { url, tripId, tokens, rate, maxSeats } = msg;
  const trip = await (await fetch(`${url}/api/trips/${tripId}`)).json();
  const stations = trip.stops.map((s) => s.station);
  const seatIds = trip.coaches.flatMap((c) => c.seats.map((s) => s.id));
  const { sockets } = await connectAll(url, tokens);
  process.send({ ev: 'ready', connected: sockets.length, failed: tokens.length - sockets.length });
  const go = await nextMessage('go');
  const acks = {};
  const hist = new Histogram();
  const errors = {};
  let sent = 0;
  const pending = [];
  const interval = 1000 / rate;
  const t0 = Date.now();
  // Leg 0 of every seat, then leg 1 of every seat, …: (seats × legs) fresh holds, each a change every
  // watcher must see, and no seat changes twice within one broadcast window.
  const legs = stations.length - 1;
  const limit = Math.min(seatIds.length * legs, sockets.length * maxSeats);
  while (Date.now() < go.until && sent < limit) {
    // Every hold due by now goes out before the next wait: a timer wakes this loop a millisecond or more
    // late (later still on a busy machine), so one hold per wake-up fell short of the rate asked.
    if (sent >= (Date.now() - t0) / interval) {
      await sleep(Math.max(1, t0 + sent * interval - Date.now()));
      continue;
    }
    const seatId = seatIds[sent % seatIds.length];
    const leg = Math.floor(sent / seatIds.length);
    const key = `${seatId}:${leg}`;
    const socket = sockets[sent % sockets.length];
    const at = performance.now();
    sent++;
    pending.push(
      socket
        .ask('seat:hold', {
          tripId,
          seatIds: [seatId],
          from: stations[leg],
          to: stations[leg + 1],
        })
        .then((r) => {
          if (r.ok) {
            acks[key] = Date.now();
            hist.record(performance.now() - at);
          } else {
            const code = r.timeout ? 'TIMEOUT' : (r.error?.code ?? 'UNKNOWN');
            errors[code] = (errors[code] ?? 0) + 1;
          }
        }),
    );
  }
  await Promise.all(pending);
  await sleep(1500); // let the last broadcasts land before the watchers are asked
  for (const s of sockets) s.close();
  return { sent, acks, errors, hist: hist.toSparse(), seconds: (Date.now() - t0 - 1500) / 1000 };
}

// ————— purchase —————

async function purchase(msg) {
  const { url, tripId, tokens, maxSeats, offset, stride } = msg;
  const trip = await (await fetch(`${url}/api/trips/${tripId}`)).json();
  const stations = trip.stops.map((s) => s.station);
  const seatIds = trip.coaches.flatMap((c) => c.seats.map((s) => s.id));
  const { sockets } = await connectAll(url, tokens);
  process.send({ ev: 'ready', connected: sockets.length, failed: tokens.length - sockets.length });
  const go = await nextMessage('go');
  const hist = new Histogram();
  const errors = {};
  let ok = 0;
  let attempted = 0;
  // Client n buys its own seats (offset + n, + stride, ...), full journeys: no conflicts, pure purchase cost.
  const client = async (socket, token, n) => {
    for (let k = 0; k < maxSeats && Date.now() < go.until; k++) {
      const seatId = seatIds[offset + n + k * stride];
      if (!seatId) return;
      const t0 = performance.now();
      attempted++;
      const h = await socket.ask('seat:hold', {
        tripId,
        seatIds: [seatId],
        from: stations[0],
        to: stations.at(-1),
      });
      if (!h.ok) {
        const code = h.timeout ? 'TIMEOUT' : (h.error?.code ?? 'UNKNOWN');
        errors[`hold:${code}`] = (errors[`hold:${code}`] ?? 0) + 1;
        continue;
      }
      const res = await postOrder(url, token, h.hold.holdId, [{ seatId, name: 'Bench Passenger' }]).catch(
        () => null,
      );
      if (res?.status === 201) {
        ok++;
        hist.record(performance.now() - t0);
      } else {
        const code = res ? (res.json?.error?.code ?? String(res.status)) : 'network';
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(sockets.map((s, n) => client(s, tokens[n], n)));
  const seconds = (Date.now() - t0) / 1000;
  for (const s of sockets) s.close();
  return { attempted, ok, errors, hist: hist.toSparse(), seconds };
}

// ————— plumbing —————

const waiting = new Map();
const early = new Map();
/** This process's CPU from 'go' to its result, reported with it (it exits before anyone can read /proc). */
let cpuFrom = null;
process.on('message', (m) => {
  if (m.cmd === 'go' && cpuFrom === null) cpuFrom = { usage: process.cpuUsage(), at: performance.now() };
  const w = waiting.get(m.cmd);
  if (w) {
    waiting.delete(m.cmd);
    w(m);
  } else early.set(m.cmd, m);
});

function nextMessage(cmd) {
  if (early.has(cmd)) {
    const m = early.get(cmd);
    early.delete(cmd);
    return Promise.resolve(m);
  }
  return new Promise((resolve) => waiting.set(cmd, resolve));
}

const roles = { rush, closed, watch, drive, purchase };
const start = await nextMessage('start');
try {
  const result = await roles[start.role](start);
  const cpu = cpuFrom && process.cpuUsage(cpuFrom.usage);
  const cpuPct = cpu
    ? Math.round((100 * (cpu.user + cpu.system)) / 1000 / (performance.now() - cpuFrom.at))
    : null;
  process.send({ ev: 'result', result: { ...result, cpuPct } }, () => process.exit(0));
} catch (err) {
  process.send({ ev: 'error', message: err?.stack ?? String(err) }, () => process.exit(1));
}
