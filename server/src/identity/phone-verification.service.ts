import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { type AuthResponse, ErrorCode, type PhoneStartResponse } from '@fastpass/shared';
import type { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/tokens';
import { AppError, RateLimitedError, unavailable } from '../errors';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';
import type { AbuseLimits } from './abuse-limits';
import { maskPhone, normaliseBdPhone, phoneIdentity } from './phone';
import type { SmsProvider } from './sms-provider';

interface CodeRow {
  code_hash: string;
  attempts: number;
  expires_at: Date;
}

export function parsePhone(raw: string): string {
  const phone = normaliseBdPhone(raw);
  if (!phone)
    throw new AppError(ErrorCode.VALIDATION, 'phone: not a Bangladeshi mobile number (+8801XXXXXXXXX)');
  return phone;
}

/**
 * Proves an account holds a phone by a six-digit code sent to it. Codes live in Postgres as HMACs under
 * the token secret (a leaked table does not reveal them), one pending code per phone and account, expiring,
 * with a bounded number of attempts counted atomically. On success the account's identity becomes the
 * phone's (`ph:<sha256>`), shared by every account that verifies that phone: one seat allowance per phone.
 */
export class PhoneVerificationService {
  constructor(
    private readonly deps: {
      db: Db;
      sms: SmsProvider | null;
      auth: AuthService;
      limits: AbuseLimits;
      secret: string;
      ttlMs: number;
      maxAttempts: number;
      log: Logger;
    },
  ) {}

  async start(p: Principal, rawPhone: string, address: string): Promise<PhoneStartResponse> {
    const { db, sms, limits, ttlMs } = this.deps;
    const phone = parsePhone(rawPhone);
    if (!sms) throw unavailable('phone verification (no SMS provider is configured)');
    await limits.otpStartPerAddress.consume(address, 'too many codes requested from this address');
    await limits.otpStartPerPhone.consume(phone, 'too many codes sent to this phone');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + ttlMs);
    await db('phone_codes')
      .insert({
        phone,
        user_id: p.userId,
        code_hash: this.hash(phone, p.userId, code),
        attempts: 0,
        expires_at: expiresAt,
      })
      .onConflict(['phone', 'user_id'])
      .merge(['code_hash', 'attempts', 'expires_at', 'created_at']);
    const minutes = Math.max(1, Math.round(ttlMs / 60_000));
    try {
      await sms.send(phone, `FastPass code ${code}. It works for ${minutes} min. Never share it.`);
    } catch (err) {
      this.deps.log.error({ err: String(err), to: maskPhone(phone) }, 'SMS not sent');
      await db('phone_codes').where({ phone, user_id: p.userId }).delete();
      throw unavailable('SMS delivery');
    }
    return { phone: maskPhone(phone), expiresAt: expiresAt.toISOString(), sandbox: sms.name === 'sandbox' };
  }

  async verify(p: Principal, rawPhone: string, code: string, address: string): Promise<AuthResponse> {
    const { db, limits, maxAttempts } = this.deps;
    const phone = parsePhone(rawPhone);
    await limits.otpVerifyPerAddress.consume(address, 'too many verification attempts from this address');
    // Count the attempt before comparing, in one statement: concurrent guesses cannot exceed the bound.
    const [row]: CodeRow[] = await db('phone_codes')
      .where({ phone, user_id: p.userId })
      .increment('attempts', 1)
      .returning(['code_hash', 'attempts', 'expires_at']);
    if (!row)
      throw new AppError(ErrorCode.VALIDATION, 'code: no code is pending for this phone; request one');
    const burn = () => db('phone_codes').where({ phone, user_id: p.userId }).delete();
    if (row.expires_at.getTime() <= Date.now()) {
      await burn();
      throw new AppError(ErrorCode.VALIDATION, 'code: expired; request a new one');
    }
    if (row.attempts > maxAttempts) {
      await burn();
      throw new RateLimitedError(1, 'too many wrong codes; request a new one');
    }
    if (!this.matches(row.code_hash, this.hash(phone, p.userId, code))) {
      if (row.attempts >= maxAttempts) {
        await burn();
        throw new RateLimitedError(1, 'too many wrong codes; request a new one');
      }
      const left = maxAttempts - row.attempts;
      throw new AppError(
        ErrorCode.VALIDATION,
        `code: wrong code; ${left} attempt${left === 1 ? '' : 's'} left`,
      );
    }
    await db.transaction(async (trx) => {
      await trx('phone_codes').where({ user_id: p.userId }).delete();
      await trx('users')
        .where({ id: p.userId })
        .update({ phone, phone_verified_at: trx.fn.now(), identity: phoneIdentity(phone) });
    });
    return this.deps.auth.reissue(p.userId);
  }

  private hash(phone: string, userId: string, code: string): string {
    return createHmac('sha256', this.deps.secret).update(`otp:${phone}:${userId}:${code}`).digest('hex');
  }

  private matches(storedHex: string, givenHex: string): boolean {
    const a = Buffer.from(storedHex, 'hex');
    const b = Buffer.from(givenHex, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
