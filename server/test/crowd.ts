import { expect } from 'vitest';
import { type ClientSocket, type TestServer, api, ask, guest, socketOf } from './harness';

/*
 * A crowd of passengers holding and releasing random seats of one trip, and the check that the server's
 * seat map agrees with what each of them believes it holds (fault tests: faults.test.ts,
 * recovery-barrier.test.ts). With `buy`, every n-th release is a purchase instead
 * (redis-cluster-failover.test.ts).
 */

// Trip 703: DHK0 DAP1 NRS2 BBT3 BMB4 AKH5 CML6 LKM7 FEN8 CTG9
export const JOURNEYS: Array<[string, string, number]> = [
  ['DHK', 'BBT', 0b000000111],
  ['BBT', 'CTG', 0b111111000],
  ['DHK', 'CTG', 0b111111111],
  ['NRS', 'AKH', 0b000011100],
  ['CML', 'FEN', 0b011000000],
];
export const POOL = Array.from({ length: 24 }, (_, i) => `GHA-${i + 1}`);

export interface Held {
  holdId: string;
  seatIds: string[];
  mask: number;
  owner: number;
}

/** How a crowd member buys: its token and the instance it talks to, by socket index. */
export interface Buying {
  buyers: Array<{ token: string; url: string }>;
  /** Every n-th release becomes a purchase. */
  every: number;
}

export interface Passenger {
  socket: ClientSocket;
  token: string;
  url: string;
}

/** `n` fresh guests with a socket each, dealt round the servers in turn so every server has some. */
export async function passengersOn(servers: TestServer[], n = 12): Promise<Passenger[]> {
  const out: Passenger[] = [];
  for (let i = 0; i < n; i++) {
    const { url } = servers[i % servers.length]!;
    const { token } = await guest(url);
    out.push({ socket: await socketOf(url, token), token, url });
  }
  return out;
}

/** Clients holding and releasing random seats; keeps what each believes it holds right now. */
export class Crowd {
  readonly live = new Map<string, Held>();
  readonly okAt: number[] = [];
  /** When each hold was decided, granted or refused as taken or over the allowance (a correct answer). */
  readonly decidedAt: number[] = [];
  readonly failures: string[] = [];
  readonly bought: Array<{ orderId: string; seatIds: string[]; mask: number }> = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private releases = 0;
  constructor(
    private readonly sockets: ClientSocket[],
    private readonly trip: string,
    private readonly buying?: Buying,
  ) {
    sockets.forEach((s) =>
      s.on('hold:expired', (e) => {
        this.live.delete(e.holdId);
      }),
    );
  }

  start(): void {
    this.running = true;
    this.loops = this.sockets.map((s, owner) => this.loop(s, owner));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Stops, and hangs up every socket (a suite's afterAll). */
  async close(): Promise<void> {
    await this.stop();
    for (const s of this.sockets) s.disconnect();
  }

  private async loop(s: ClientSocket, owner: number): Promise<void> {
    while (this.running) {
      const mine = [...this.live.values()].filter((h) => h.owner === owner);
      if (mine.length >= 2) {
        if (this.buying && ++this.releases % this.buying.every === 0) {
          await this.buy(owner, mine[0]!);
          continue;
        }
        const r = await ask(s, 'seat:release', { holdId: mine[0]!.holdId });
        if (r.ok || r.error.code === 'HOLD_EXPIRED') this.live.delete(mine[0]!.holdId);
        else {
          this.failures.push(`release ${r.error.code}`);
          await new Promise((res) => setTimeout(res, 20));
        }
        continue;
      }
      const [from, to, mask] = JOURNEYS[Math.floor(Math.random() * JOURNEYS.length)]!;
      const seat = POOL[Math.floor(Math.random() * POOL.length)]!;
      const r = await ask(s, 'seat:hold', { tripId: this.trip, seatIds: [seat], from, to });
      if (r.ok || r.error.code === 'SEAT_TAKEN' || r.error.code === 'LIMIT_EXCEEDED')
        this.decidedAt.push(Date.now());
      if (r.ok) {
        this.okAt.push(Date.now());
        this.live.set(r.hold.holdId, { holdId: r.hold.holdId, seatIds: r.hold.seatIds, mask, owner });
      } else if (r.error.code !== 'SEAT_TAKEN' && r.error.code !== 'LIMIT_EXCEEDED') {
        this.failures.push(r.error.code);
        await new Promise((res) => setTimeout(res, 20));
      }
    }
  }

  private async buy(owner: number, h: Held): Promise<void> {
    const { token, url } = this.buying!.buyers[owner]!;
    const r = await api(url, 'POST', '/api/orders', {
      token,
      headers: { 'Idempotency-Key': `crowd-${h.holdId}` },
      body: { holdId: h.holdId, passengers: h.seatIds.map((seatId) => ({ seatId, name: 'Crowd' })) },
    });
    if (r.status === 201) {
      this.live.delete(h.holdId);
      this.bought.push({ orderId: r.body.order.id, seatIds: h.seatIds, mask: h.mask });
    } else if (r.body?.error?.code === 'HOLD_EXPIRED') this.live.delete(h.holdId);
    else this.failures.push(`buy ${r.status} ${r.body?.error?.code}`);
  }

  /** Pairs of live holds that share a seat on overlapping legs: must always be empty. */
  doubleHeld(): string[] {
    const out: string[] = [];
    const holds = [...this.live.values()];
    for (let i = 0; i < holds.length; i++)
      for (let j = i + 1; j < holds.length; j++) {
        const a = holds[i]!;
        const b = holds[j]!;
        if ((a.mask & b.mask) !== 0 && a.seatIds.some((s) => b.seatIds.includes(s)))
          out.push(`${a.holdId} × ${b.holdId}`);
      }
    return out;
  }
}

/** Server truth must match what clients believe they hold: every live hold's legs are held. */
export async function assertHeldAsBelieved(server: TestServer, trip: string, crowd: Crowd): Promise<void> {
  const seats = (await api(server.url, 'GET', `/api/trips/${trip}/seats`)).body.seats as Array<{
    id: string;
    held: number;
  }>;
  for (const h of crowd.live.values()) {
    for (const id of h.seatIds)
      expect((seats.find((s) => s.id === id)!.held & h.mask) === h.mask, `${h.holdId} on ${id}`).toBe(true);
  }
}

/** Every purchase the crowd made shows its legs sold on the server's seat map. */
export async function assertSoldAsBought(server: TestServer, trip: string, crowd: Crowd): Promise<void> {
  const seats = (await api(server.url, 'GET', `/api/trips/${trip}/seats`)).body.seats as Array<{
    id: string;
    sold: number;
  }>;
  for (const b of crowd.bought)
    for (const id of b.seatIds)
      expect((seats.find((s) => s.id === id)!.sold & b.mask) === b.mask, `${b.orderId} on ${id}`).toBe(true);
}
