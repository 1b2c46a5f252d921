import { ErrorCode } from '@fastpass/shared';
import type { RequestHandler } from 'express';
import type { Role } from './config';
import { AppError } from './errors';

/**
 * Which process runs which part (`ROLES`, default all three; docs/deployment.md):
 *   api       the REST API under /api (auth, catalog, holds and purchases over HTTP, tickets, sales, ops)
 *   realtime  Socket.IO: seat:hold and friends, seat:update and queue:update to this process's sockets
 *   worker    the jobs one leader does for everyone: the sweeper, waiting-room admissions
 * Every process serves /healthz, /readyz and /metrics, and every process that may decide a hold (all of
 * them: the sweeper's expiries are decisions too) runs the store chain: the mode controller follows the
 * shared mode row and the hold mirror writes through what this process decided.
 */
export interface Roles {
  api: boolean;
  realtime: boolean;
  worker: boolean;
}

export function rolesOf(config: { roles?: Role[] }): Roles {
  const r = new Set(config.roles ?? ['api', 'realtime', 'worker']);
  return { api: r.has('api'), realtime: r.has('realtime'), worker: r.has('worker') };
}

/** Refuses every socket of a process without the realtime role (`connect_error`, contract error data). */
export function socketRoleGate(_socket: unknown, next: (err?: Error) => void): void {
  const message = 'this process does not serve sockets (ROLES)';
  next(Object.assign(new Error(message), { data: { code: ErrorCode.NOT_FOUND, message } }));
}

/** In front of /api: a process without the api role answers NOT_FOUND (the balancer routes elsewhere). */
export function apiRoleGate(roles: Roles): RequestHandler {
  return (_req, _res, next) =>
    next(
      roles.api
        ? undefined
        : new AppError(ErrorCode.NOT_FOUND, 'this process does not serve the REST API (ROLES)'),
    );
}
