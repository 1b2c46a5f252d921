import { ErrorCode } from '@fastpass/shared';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ZodType, z } from 'zod';
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
    // body-parser failures (bad JSON, too large) are the client's input problem.
    const type =
      typeof err === 'object' && err !== null && 'type' in err ? String((err as { type: unknown }).type) : '';
    const app =
      type === 'entity.parse.failed'
        ? new AppError(ErrorCode.VALIDATION, 'body: malformed JSON')
        : type === 'entity.too.large'
          ? new AppError(ErrorCode.VALIDATION, 'body: too large')
          : toAppError(err);
    if (app.code === 'INTERNAL' || app.code === 'UNAVAILABLE') log.error({ err }, 'request failed');
    if (app instanceof RateLimitedError) res.setHeader('Retry-After', String(app.retryAfterSec));
    res.status(app.status).json({ error: app.toBody() });
  };
}
