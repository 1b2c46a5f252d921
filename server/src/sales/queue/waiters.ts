/** The part of a Socket.IO socket the waiting room uses (kept narrow so the service stays testable). */
export interface WaiterSocket {
  readonly id: string;
  emit(event: string, payload: unknown): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}

export interface Waiter {
  userId: string;
  tripId: string;
  /** Place in line; null while the lottery has not placed this user yet. */
  place: number | null;
  sockets: Map<string, WaiterSocket>;
  lastPosition: number | null;
  lastSentAt: number;
}

/**
 * This instance's waiting sockets, per sale. Positions are computed here from one shared counter per
 * sale (`place - cursor`), so a tick costs one Redis read per sale, not one per waiter.
 */
export class Waiters {
  readonly bySale = new Map<string, Map<string, Waiter>>();

  add(saleId: string, tripId: string, userId: string, place: number | null, socket: WaiterSocket): Waiter {
    let sale = this.bySale.get(saleId);
    if (!sale) {
      sale = new Map();
      this.bySale.set(saleId, sale);
    }
    let w = sale.get(userId);
    if (!w) {
      w = { userId, tripId, place, sockets: new Map(), lastPosition: null, lastSentAt: 0 };
      sale.set(userId, w);
    }
    if (place !== null) w.place = place;
    if (!w.sockets.has(socket.id)) {
      w.sockets.set(socket.id, socket);
      socket.once('disconnect', () => this.dropSocket(saleId, userId, socket.id));
    }
    return w;
  }

  private dropSocket(saleId: string, userId: string, socketId: string): void {
    const w = this.bySale.get(saleId)?.get(userId);
    if (!w) return;
    w.sockets.delete(socketId);
    if (w.sockets.size === 0) this.remove(saleId, userId);
  }

  remove(saleId: string, userId: string): void {
    const sale = this.bySale.get(saleId);
    sale?.delete(userId);
    if (sale?.size === 0) this.bySale.delete(saleId);
  }

  send(w: Waiter, event: string, payload: unknown): void {
    for (const s of w.sockets.values()) s.emit(event, payload);
  }

  get size(): number {
    let n = 0;
    for (const s of this.bySale.values()) n += s.size;
    return n;
  }
}

/**
 * Whether a waiter is due a `queue:update`: the first one, a move of at least 1 % (and at least one
 * place), or nothing sent for `everyMs` (the contract's "at least every 5 s", minus one tick of slack).
 */
export function updateDue(
  w: Pick<Waiter, 'lastPosition' | 'lastSentAt'>,
  position: number,
  now: number,
  everyMs: number,
) {
  if (w.lastPosition === null) return true;
  if (w.lastPosition - position >= Math.max(1, w.lastPosition * 0.01)) return true;
  return now - w.lastSentAt >= everyMs;
}

/** Honest ETA: the people ahead (and me) at the admission rate now in force. */
export function etaSeconds(position: number, perMinute: number): number {
  return Math.ceil((position * 60) / Math.max(perMinute, 1e-9));
}
