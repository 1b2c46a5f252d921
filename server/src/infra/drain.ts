import type { Request, RequestHandler } from 'express';
import type { Socket } from 'socket.io';
import { AppError } from '../errors';
import { ErrorCode } from '@fastpass/shared';

/**
 * What a stopping instance still owes: requests it accepted and has not answered. Shutdown (shutdown.ts)
 * flips the phases and waits here, so a rolling restart answers every request it took.
 *   serving   → everything as usual
 *   draining  → /readyz says 503 (load balancers stop sending), new sockets are refused, HTTP answers
 *               close their connections; requests already on open connections are still served
 *   refusing  → socket events not yet started are answered UNAVAILABLE (retry after reconnecting)
 */
export class Drain {
  private phase: 'serving' | 'draining' | 'refusing' = 'serving';
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  get draining(): boolean {
    return this.phase !== 'serving';
  }

  get pending(): number {
    return this.inFlight;
  }

  begin(): void {
    if (this.phase === 'serving') this.phase = 'draining';
  }

  refuseNewWork(): void {
    this.phase = 'refusing';
  }

  /** Resolves when nothing is in flight, or after `timeoutMs` (a stuck request must not block a restart). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private started(): () => void {
    this.inFlight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /** Express middleware: counts a request until its response is finished or the client went away. */
  http(): RequestHandler {
    return (_req: Request, res, next) => {
      const finished = this.started();
      res.on('close', finished);
      if (this.draining) res.setHeader('Connection', 'close');
      next();
    };
  }

  /** Refuses new sockets once draining (the client's reconnect then finds a serving instance). */
  admit(): Error | null {
    if (!this.draining) return null;
    const err = new Error('server restarting') as Error & { data: unknown };
    err.data = new AppError(ErrorCode.UNAVAILABLE, 'server restarting; reconnect').toBody();
    return err;
  }

  /**
   * Socket middleware: an event with an ack is in flight until acked. Once refusing, such an event is
   * answered UNAVAILABLE at once instead of being started.
   */
  socket(socket: Socket): void {
    socket.use((packet, next) => {
      const last = packet.length - 1;
      const ack = packet[last];
      if (last < 1 || typeof ack !== 'function') return next();
      if (this.phase === 'refusing') {
        ack({
          ok: false,
          error: new AppError(ErrorCode.UNAVAILABLE, 'server restarting; retry after reconnecting').toBody(),
        });
        return;
      }
      const finished = this.started();
      packet[last] = (...args: unknown[]) => {
        finished();
        (ack as (...a: unknown[]) => void)(...args);
      };
      next();
    });
  }
}
