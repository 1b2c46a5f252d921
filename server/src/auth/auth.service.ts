import {
  type AuthResponse,
  ErrorCode,
  type LoginRequest,
  type RegisterRequest,
  type Role,
  type User,
} from '@fastpass/shared';
import { AppError } from '../errors';
import type { LoginGuard } from '../identity/login-guard';
import { maskPhone } from '../identity/phone';
import { type Db, PgCode, pgCode } from '../infra/db';
import { hashPassword, verifyPassword } from './passwords';
import type { Principal, TokenSigner } from './tokens';

interface UserRow {
  id: string;
  email: string | null;
  name: string;
  role: Role;
  guest: boolean;
  password_hash: string | null;
  identity: string | null;
  phone: string | null;
  phone_verified_at: Date | null;
  tokens_valid_after: Date | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  guest: r.guest,
  verified: r.phone_verified_at !== null,
  phone: r.phone ? maskPhone(r.phone) : null,
});

/** Tokens issued before `tokens_valid_after` are revoked (a role change moves it: see the migration). */
const revoked = (p: Principal, r: UserRow) =>
  p.issuedAt === undefined ||
  (r.tokens_valid_after !== null && p.issuedAt * 1000 < r.tokens_valid_after.getTime());

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenSigner,
    private readonly guestEnabled: boolean,
    private readonly loginGuard?: LoginGuard,
  ) {}

  async register(req: RegisterRequest): Promise<AuthResponse> {
    try {
      const [row] = await this.db<UserRow>('users')
        .insert({
          email: req.email.toLowerCase(),
          name: req.name,
          password_hash: await hashPassword(req.password),
        })
        .returning('*');
      return this.issue(row!);
    } catch (err) {
      if (pgCode(err) === PgCode.uniqueViolation) {
        throw new AppError(ErrorCode.VALIDATION, 'email: already registered');
      }
      throw err;
    }
  }

  async login(req: LoginRequest): Promise<AuthResponse> {
    const account = req.email.toLowerCase();
    await this.loginGuard?.before(account);
    const row = await this.db<UserRow>('users').where({ email: account }).first();
    if (!row?.password_hash || !(await verifyPassword(req.password, row.password_hash))) {
      await this.loginGuard?.failed(account);
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'wrong email or password');
    }
    await this.loginGuard?.succeeded(account);
    return this.issue(row);
  }

  async guest(): Promise<AuthResponse> {
    if (!this.guestEnabled) throw new AppError(ErrorCode.FORBIDDEN, 'guest accounts are switched off');
    const suffix = Math.random().toString(36).slice(2, 6).toUpperCase();
    const [row] = await this.db<UserRow>('users')
      .insert({ name: `Guest ${suffix}`, guest: true })
      .returning('*');
    return this.issue(row!);
  }

  /** The caller as the database knows them now (verified phone, role); a revoked token is UNAUTHENTICATED. */
  async me(p: Principal): Promise<User> {
    return toUser(await this.current(p));
  }

  /**
   * Operator actions trust the database, never the token's role: a demoted operator's token stops working
   * at once (FORBIDDEN), and a token issued before a revocation is UNAUTHENTICATED.
   */
  async assertOperator(p: Principal): Promise<void> {
    await this.assertRole(p, ['operator'], 'operators only');
  }

  /** The same check for any set of roles (gate staff, station kiosks); the database decides, not the token. */
  async assertRole(
    p: Principal,
    roles: readonly Role[],
    message = `${roles.join(' or ')} only`,
  ): Promise<User> {
    const row = await this.db<UserRow>('users').where({ id: p.userId }).first();
    if (!row || !roles.includes(row.role)) throw new AppError(ErrorCode.FORBIDDEN, message);
    if (revoked(p, row)) throw new AppError(ErrorCode.UNAUTHENTICATED, 'token revoked; sign in again');
    return toUser(row);
  }

  /** A fresh token for the account as it is now (after its phone was verified). */
  async reissue(userId: string): Promise<AuthResponse> {
    const row = await this.db<UserRow>('users').where({ id: userId }).first();
    if (!row) throw new AppError(ErrorCode.UNAUTHENTICATED, 'account no longer exists');
    return this.issue(row);
  }

  private async current(p: Principal): Promise<UserRow> {
    const row = await this.db<UserRow>('users').where({ id: p.userId }).first();
    if (!row) throw new AppError(ErrorCode.UNAUTHENTICATED, 'account no longer exists');
    if (row.tokens_valid_after && revoked(p, row)) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'token revoked; sign in again');
    }
    return row;
  }

  private issue(row: UserRow): AuthResponse {
    const user = toUser(row);
    const principal: Principal = { userId: user.id, role: user.role, name: user.name };
    if (row.identity) principal.identity = row.identity;
    return { token: this.tokens.sign(principal), user };
  }
}
