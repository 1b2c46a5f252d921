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
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** Connection attempts so far (each failure schedules exactly one more). */
  attempts = 0;

  constructor(
    private readonly url: string,
    private readonly db: Db,
    private readonly instanceId: string,
    private readonly log: Logger,
    private readonly deliver: (m: BusMessage) => void,
    private readonly retryBaseMs = 250,
  ) {}

  /**
   * One connection at a time. A dropped connection fires both 'error' and 'end', and a failed connect
   * fires them too: every path funnels into `lost(client)`, which acts only for the current client and
   * only once, so a failure can never start two LISTEN sessions.
   */
  async start(): Promise<void> {
    if (this.closed || this.client) return;
    this.attempts++;
    const client = new Client({
      connectionString: this.url,
      application_name: `fastpass-bus:${this.instanceId}`,
    });
    this.client = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
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
      if (this.client === client) this.failures = 0;
    } catch (err) {
      this.lost(client, err);
    }
  }

  private lost(client: Client, err?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.closed) return;
    const delay = Math.min(this.retryBaseMs * 2 ** this.failures, 10_000);
    this.failures++;
    this.log.warn({ err: err ? String(err) : 'connection ended', retryInMs: delay }, 'bus connection lost');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
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
