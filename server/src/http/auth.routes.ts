import { loginSchema, registerSchema } from '@fastpass/shared';
import { Router } from 'express';
import type { AuthService } from '../auth/auth.service';
import { parse } from './middleware';

export function authRoutes(auth: AuthService): Router {
  const r = Router();
  r.post('/auth/register', async (req, res) => {
    res.status(201).json(await auth.register(parse(registerSchema, req.body)));
  });
  r.post('/auth/login', async (req, res) => {
    res.json(await auth.login(parse(loginSchema, req.body)));
  });
  r.post('/auth/guest', async (_req, res) => {
    res.status(201).json(await auth.guest());
  });
  return r;
}
