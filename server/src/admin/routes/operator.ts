import type { Request } from 'express';
import type { AuthService } from '../../auth/auth.service';
import type { TokenSigner } from '../../auth/tokens';
import { authenticate } from '../../http/middleware';
import type { Actor } from '../audit';

/**
 * The operator behind a request, asked of the database (a demoted operator is FORBIDDEN at once).
 * Handlers parse their input first: the contract ranks VALIDATION above UNAUTHENTICATED.
 */
export function operatorOf(deps: { tokens: TokenSigner; auth: AuthService }) {
  return async (req: Request): Promise<Actor> => {
    const user = await deps.auth.assertRole(authenticate(deps.tokens, req), ['operator'], 'operators only');
    return { id: user.id, name: user.email ?? user.name };
  };
}

export type OperatorOf = ReturnType<typeof operatorOf>;
