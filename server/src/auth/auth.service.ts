import {
  type AuthResponse,
  ErrorCode,
  type LoginRequest,
  type RegisterRequest,
  type Role,
  type User,
} from '@fastpass/shared';
import { AppError } from '../errors';
import { type Db, PgCode, pgCode } from '../infra/db';
import { hashPassword, verifyPassword } from './passwords';
import type { TokenSigner } from './tokens';

interface UserRow {
  id: string;
  email: string | null;
  name: string;
  role: Role;
  guest: boolean;
  password_hash: string | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  guest: r.guest,
});

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenSigner,
    private readonly guestEnabled: boolean,
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
    const row = await this.db<UserRow>('users').where({ email: req.email.toLowerCase() }).first();
    if (!row?.password_hash || !(await verifyPassword(req.password, row.password_hash))) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'wrong email or password');
    }
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

  private issue(row: UserRow): AuthResponse {
    const user = toUser(row);
    return { token: this.tokens.sign({ userId: user.id, role: user.role, name: user.name }), user };
  }
}
