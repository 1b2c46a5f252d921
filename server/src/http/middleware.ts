import { ErrorCode } from '@fastpass/shared';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ZodType, z } from 'zod/v4';
import { type Principal, type TokenSigner, bearer } from '../auth/tokens';
import { AppError, RateLimitedError, toAppError, validationError } from '../errors';
import type { Logger } from '../infra/logger';

export function parse<S extends ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error);
  return r.data;
}

/**
 * The caller, or UNAUTHENTICATED. Called by handlers after they parsed their input, because the contract
 * ranks VALIDATION above UNAUTHENTICATED.
 */
export function authenticate(tokens: TokenSigner, req: Request): Principal {
  const user = tokens.verify(bearer(req.headers.authorization));
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'missing or invalid bearer token');
  return user;
}

export const notFoundRoute: RequestHandler = (req, _res, next) =>
  next(new AppError(ErrorCode.NOT_FOUND, `no route ${req.method} ${req.path}`));

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const app = clientInputError(err) ?? toAppError(err);
    if (app.code === 'INTERNAL' || app.code === 'UNAVAILABLE') log.error({ err }, 'request failed');
    if (app instanceof RateLimitedError) res.setHeader('Retry-After', String(app.retryAfterSec));
    res.status(app.status).json({ error: app.toBody() });
  };
}

/**
 * Failures the HTTP layers raise before a route runs are the client's input problem, never a 500:
 * body-parser (bad JSON, too large, unsupported charset or encoding, aborted upload) and the router
 * (a path parameter with malformed percent-encoding). They carry a 4xx `status` and `expose: true`.
 */
function clientInputError(err: unknown): AppError | null {
  if (err instanceof URIError) return new AppError(ErrorCode.VALIDATION, 'path: malformed percent-encoding');
  if (typeof err !== 'object' || err === null) return null;
  const { type, status, expose } = err as { type?: unknown; status?: unknown; expose?: unknown };
  if (type === 'entity.parse.failed') return new AppError(ErrorCode.VALIDATION, 'body: malformed JSON');
  if (type === 'entity.too.large') return new AppError(ErrorCode.VALIDATION, 'body: too large');
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    const what = typeof type === 'string' ? type.replaceAll('.', ' ') : 'malformed request';
    return new AppError(ErrorCode.VALIDATION, `request: ${what}`);
  }
  return null;
}
