import { expect } from 'vitest';
import { type ClientSocket, type TestServer, api, ask } from './harness';

// Trip 703: DHK0 DAP1 NRS2 BBT3 BMB4 AKH5 CML6 LKM7 FEN8 CTG9
export const JOURNEYS: Array<[string, string, number]> = [
  ['DHK', 'BBT', 0b000000111],
  ['BBT', 'CTG', 0b111111000],
  ['DHK', 'CTG', 0b111111111],
  ['NRS', 'AKH', 0b000011100],
  ['CML', 'FEN', 0b011000000],
];

export interface Held {
  holdId: string;
  seatIds: string[];
  mask: number;
  owner: number;
}

export interface Passenger {
  socket: ClientSocket;
  token: string;
  /** Where this passenger buys (its socket's instance). */
  url: string;
}

/**
 * Passengers holding, releasing and (with `buyEvery`) buying random seats of one trip until stopped;
 * keeps what each believes it holds and what it bought, for the assertions of a fault test.
 */
export class Crowd {
  readonly live = new Map<string, Held>();
  readonly okAt: number[] = [];
  readonly bought: Array<{ orderId: string; seatIds: string[]; mask: number }> = [];
  readonly failures: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private n = 0;

  constructor(
    private readonly passengers: Passenger[],
    private readonly trip: string,
    private readonly opts: { pool: string[]; buyEvery?: number },
  ) {
    for (const p of passengers) p.socket.on('hold:expired', (e) => this.live.delete(e.holdId));
  }

  start(): void {
    this.running = true;
    this.loops = this.passengers.map((p, owner) => this.loop(p, owner));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(p: Passenger, owner: number): Promise<void> {
    while (this.running) {
      const mine = [...this.live.values()].filter((h) => h.owner === owner);
      if (mine.length >= 2) {
        const h = mine[0]!;
        if (this.opts.buyEvery && ++this.n % this.opts.buyEvery === 0) await this.buy(p, h);
        else {
          const r = await ask(p.socket, 'seat:release', { holdId: h.holdId });
          if (r.ok || r.error.code === 'HOLD_EXPIRED') this.live.delete(h.holdId);
        }
        continue;
      }
      const [from, to, mask] = JOURNEYS[Math.floor(Math.random() * JOURNEYS.length)]!;
      const seat = this.opts.pool[Math.floor(Math.random() * this.opts.pool.length)]!;
      const r = await ask(p.socket, 'seat:hold', { tripId: this.trip, seatIds: [seat], from, to });
      if (r.ok) {
        this.okAt.push(Date.now());
        this.live.set(r.hold.holdId, { holdId: r.hold.holdId, seatIds: r.hold.seatIds, mask, owner });
      } else if (r.error.code !== 'SEAT_TAKEN' && r.error.code !== 'LIMIT_EXCEEDED') {
        this.failures.push(r.error.code);
        await new Promise((res) => setTimeout(res, 20));
      }
    }
  }

  private async buy(p: Passenger, h: Held): Promise<void> {
    const r = await api(p.url, 'POST', '/api/orders', {
      token: p.token,
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

  /** Server truth matches what the passengers believe: every live hold's legs are held, bought ones sold. */
  async assertBelieved(server: TestServer): Promise<void> {
    const seats = (await api(server.url, 'GET', `/api/trips/${this.trip}/seats`)).body.seats as Array<{
      id: string;
      held: number;
      sold: number;
    }>;
    const seat = (id: string) => seats.find((s) => s.id === id)!;
    for (const h of this.live.values())
      for (const id of h.seatIds)
        expect((seat(id).held & h.mask) === h.mask, `${h.holdId} on ${id} held`).toBe(true);
    for (const b of this.bought)
      for (const id of b.seatIds)
        expect((seat(id).sold & b.mask) === b.mask, `${b.orderId} on ${id} sold`).toBe(true);
  }
}
