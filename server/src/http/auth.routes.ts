import {
  type MeResponse,
  loginSchema,
  phoneStartSchema,
  phoneVerifySchema,
  registerSchema,
} from '@fastpass/shared';
import { Router } from 'express';
import type { AuthService } from '../auth/auth.service';
import type { TokenSigner } from '../auth/tokens';
import type { AbuseLimits } from '../identity/abuse-limits';
import type { PhoneVerificationService } from '../identity/phone-verification.service';
import { clientAddress } from './client-address';
import { authenticate, parse } from './middleware';

/**
 * Accounts and phone verification. Limits per client address come first, before the body is read: they
 * exist to make floods cheap to refuse.
 */
export function authRoutes(deps: {
  auth: AuthService;
  tokens: TokenSigner;
  abuse: AbuseLimits;
  phones: PhoneVerificationService;
}): Router {
  const { auth, abuse, phones } = deps;
  const r = Router();
  r.post('/auth/register', async (req, res) => {
    await abuse.register.consume(clientAddress(req), 'too many sign-ups from this address');
    res.status(201).json(await auth.register(parse(registerSchema, req.body)));
  });
  r.post('/auth/login', async (req, res) => {
    await abuse.login.consume(clientAddress(req), 'too many sign-ins from this address');
    res.json(await auth.login(parse(loginSchema, req.body)));
  });
  r.post('/auth/guest', async (req, res) => {
    await abuse.guest.consume(clientAddress(req), 'too many guest accounts from this address');
    res.status(201).json(await auth.guest());
  });
  r.get('/auth/me', async (req, res) => {
    const body: MeResponse = { user: await auth.me(authenticate(deps.tokens, req)) };
    res.json(body);
  });
  r.post('/auth/phone/start', async (req, res) => {
    const body = parse(phoneStartSchema, req.body);
    const user = authenticate(deps.tokens, req);
    res.status(202).json(await phones.start(user, body.phone, clientAddress(req)));
  });
  r.post('/auth/phone/verify', async (req, res) => {
    const body = parse(phoneVerifySchema, req.body);
    const user = authenticate(deps.tokens, req);
    res.json(await phones.verify(user, body.phone, body.code, clientAddress(req)));
  });
  return r;
}
