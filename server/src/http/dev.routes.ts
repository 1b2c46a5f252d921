import { type DevSmsResponse, devSmsQuerySchema } from '@fastpass/shared';
import { Router } from 'express';
import { parsePhone } from '../identity/phone-verification.service';
import type { SmsProvider } from '../identity/sms-provider';
import { SandboxSmsProvider } from '../identity/sms-provider';
import { parse } from './middleware';

/**
 * Developer conveniences that exist only while the sandbox SMS provider is on (never in production unless
 * SMS_SANDBOX_IN_PRODUCTION): the outbox of messages that were not sent.
 */
export function devRoutes(deps: { sms: SmsProvider | null }): Router {
  const r = Router();
  const sandbox = deps.sms instanceof SandboxSmsProvider ? deps.sms : null;
  if (!sandbox) return r;
  r.get('/dev/sms', async (req, res) => {
    const q = parse(devSmsQuerySchema, req.query);
    const body: DevSmsResponse = {
      messages: await sandbox.outbox(q.phone ? parsePhone(q.phone) : undefined),
    };
    res.json(body);
  });
  return r;
}
