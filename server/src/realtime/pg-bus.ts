import type { ServerToClientEvents } from '@fastpass/shared';
import { Client } from 'pg';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';

const CHANNEL = 'fastpass_events';
/** NOTIFY payloads are limited to 8000 bytes; stay well under. */
const MAX_PAYLOAD = 7000;

export interface BusMessage {
  from: string;
  room: string;
  event: keyof ServerToClientEvents;
  payload: unknown;
}

/**
 * The fallback broadcast bus while Redis (and with it the Socket.IO adapter) is down: Postgres
 * LISTEN/NOTIFY carries each emit to the other instances, which deliver it to their own sockets.
 */
export class PgBus {
  private client: Client | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly db: Db,
    private readonly instanceId: string,
    private readonly log: Logger,
    private readonly deliver: (m: BusMessage) => void,
  ) {}

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.url });
    client.on('error', () => this.reconnect());
    client.on('end', () => this.reconnect());
    client.on('notification', (n) => {
      if (!n.payload) return;
      try {
        const m = JSON.parse(n.payload) as BusMessage;
        if (m.from !== this.instanceId) this.deliver(m);
      } catch {
        this.log.warn('malformed bus message ignored');
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'bus listen failed; retrying');
      client.end().catch(() => undefined);
      this.reconnect();
    }
  }

  private reconnect(): void {
    if (this.closed) return;
    this.client = null;
    setTimeout(() => void this.start(), 1000).unref();
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  /** Sends a message; a seat:update too large for one NOTIFY is split by seats. */
  publish(room: string, event: BusMessage['event'], payload: unknown): void {
    const parts = splitPayload(event, payload);
    for (const p of parts) {
      const text = JSON.stringify({ from: this.instanceId, room, event, payload: p } satisfies BusMessage);
      this.db
        .raw('select pg_notify(?, ?)', [CHANNEL, text])
        .catch((err) => this.log.warn({ err: String(err) }, 'bus notify failed'));
    }
  }
}

function splitPayload(event: BusMessage['event'], payload: unknown): unknown[] {
  if (event !== 'seat:update' || JSON.stringify(payload).length <= MAX_PAYLOAD) return [payload];
  const u = payload as { tripId: string; version: number; seats: unknown[] };
  const out: unknown[] = [];
  for (let i = 0; i < u.seats.length; i += 60) out.push({ ...u, seats: u.seats.slice(i, i + 60) });
  return out;
}
