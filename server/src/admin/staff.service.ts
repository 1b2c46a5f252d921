import { createHash, randomBytes } from 'node:crypto';
import {
  type AuthResponse,
  ErrorCode,
  type KioskCreateResult,
  type OpsStaffMember,
  type StaffInvite,
  type StaffInviteResult,
} from '@fastpass/shared';
import type { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/passwords';
import { AppError, notFound } from '../errors';
import type { Db } from '../infra/db';
import type { Actor } from './audit';
import type { CatalogEdits } from './edits';

const INVITE_DAYS = 7;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(24).toString('base64url');

interface MemberRow {
  id: string;
  name: string;
  email: string | null;
  role: OpsStaffMember['role'];
  kiosk_id: number | null;
  station_code: string | null;
  revoked_at: Date | null;
  password_hash: string | null;
}

const toMember = (r: MemberRow): OpsStaffMember => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  ...(r.kiosk_id !== null
    ? { kiosk: { id: r.kiosk_id, station: r.station_code ?? '', revoked: r.revoked_at !== null } }
    : {}),
  ...(r.role !== 'kiosk' && !r.password_hash ? { invitePending: true } : {}),
});

/**
 * The railway's own accounts: operators invite staff (ticket checkers, clerks) and other operators, and
 * register station kiosks. Tokens handed out here are shown once and stored only as SHA-256 digests.
 * Roles are read from Postgres on every privileged call, so a role change or revocation holds at once
 * for operator and staff actions (a kiosk's passenger-side token stays valid until it expires).
 */
export class StaffService {
  constructor(
    private readonly db: Db,
    private readonly edits: CatalogEdits,
    private readonly auth: AuthService,
  ) {}

  private members() {
    return this.db('users as u')
      .leftJoin('kiosk_devices as k', 'k.user_id', 'u.id')
      .whereIn('u.role', ['operator', 'staff', 'kiosk'])
      .select(
        'u.id',
        'u.name',
        'u.email',
        'u.role',
        'u.password_hash',
        'k.id as kiosk_id',
        'k.station_code',
        'k.revoked_at',
      );
  }

  async list(): Promise<OpsStaffMember[]> {
    return ((await this.members().orderBy(['u.role', 'u.name'])) as MemberRow[]).map(toMember);
  }

  private async member(id: string): Promise<OpsStaffMember> {
    const row = (await this.members().where('u.id', id).first()) as MemberRow | undefined;
    if (!row) throw notFound(`staff member ${id}`);
    return toMember(row);
  }

  async invite(actor: Actor, input: StaffInvite): Promise<StaffInviteResult> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
    try {
      const id = await this.edits.run(actor, async (trx) => {
        const [user] = (await trx('users')
          .insert({ email: input.email.toLowerCase(), name: input.name, role: input.role })
          .returning('id')) as [{ id: string }];
        await trx('invitations').insert({
          token_hash: digest(token),
          user_id: user.id,
          expires_at: expiresAt,
          invited_by: actor.id,
        });
        const after = { email: input.email.toLowerCase(), name: input.name, role: input.role };
        return {
          action: 'staff.invite',
          resource: 'user',
          resourceId: user.id,
          before: null,
          after,
          result: user.id,
        };
      });
      return { user: await this.member(id), inviteToken: token, expiresAt: expiresAt.toISOString() };
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.CONFLICT)
        throw new AppError(
          ErrorCode.CONFLICT,
          `an account with ${input.email} exists: change its role instead`,
        );
      throw err;
    }
  }

  /** The invitee chooses a password with the one-time token and is signed in. */
  async accept(token: string, password: string): Promise<AuthResponse> {
    const hash = await hashPassword(password);
    const userId = await this.db.transaction(async (trx) => {
      const inv = await trx('invitations')
        .where({ token_hash: digest(token) })
        .forUpdate()
        .first();
      if (!inv || inv.accepted_at || inv.expires_at.getTime() < Date.now())
        throw new AppError(ErrorCode.UNAUTHENTICATED, 'this invitation is unknown, used or expired');
      await trx('invitations').where({ token_hash: inv.token_hash }).update({ accepted_at: trx.fn.now() });
      await trx('users').where({ id: inv.user_id }).update({ password_hash: hash });
      return inv.user_id as string;
    });
    return this.auth.reissue(userId);
  }

  setRole(
    actor: Actor,
    userId: string,
    role: 'passenger' | 'staff' | 'operator',
  ): Promise<OpsStaffMember | null> {
    if (userId === actor.id) throw new AppError(ErrorCode.CONFLICT, 'you cannot change your own role');
    return this.edits.run(actor, async (trx) => {
      const before = await trx('users')
        .where({ id: userId })
        .forUpdate()
        .first('id', 'email', 'name', 'role');
      if (!before) throw notFound(`user ${userId}`);
      if (before.role === 'kiosk') throw new AppError(ErrorCode.CONFLICT, 'a kiosk is revoked, not re-roled');
      // The users trigger moves tokens_valid_after: tokens from before the change stop working for operator actions.
      await trx('users').where({ id: userId }).update({ role });
      return {
        action: 'staff.role',
        resource: 'user',
        resourceId: userId,
        before,
        after: { ...before, role },
        result: null,
      };
    });
  }

  async registerKiosk(actor: Actor, input: { name: string; station: string }): Promise<KioskCreateResult> {
    const token = newToken();
    const id = await this.edits.run(actor, async (trx) => {
      if (!(await trx('stations').where({ code: input.station }).first('code')))
        throw notFound(`station ${input.station}`);
      const [user] = (await trx('users').insert({ name: input.name, role: 'kiosk' }).returning('id')) as [
        { id: string },
      ];
      const [device] = (await trx('kiosk_devices')
        .insert({ user_id: user.id, station_code: input.station, token_hash: digest(token) })
        .returning('id')) as [{ id: number }];
      return {
        action: 'kiosk.register',
        resource: 'kiosk',
        resourceId: String(device.id),
        before: null,
        after: { name: input.name, station: input.station, userId: user.id },
        result: user.id,
      };
    });
    return { kiosk: await this.member(id), deviceToken: token };
  }

  /** A kiosk device signs in with its token: a session for its kiosk account (role `kiosk`). */
  async kioskLogin(deviceToken: string): Promise<AuthResponse & { station: string }> {
    const device = await this.db('kiosk_devices')
      .where({ token_hash: digest(deviceToken) })
      .first();
    if (!device || device.revoked_at)
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'unknown or revoked device token');
    return { ...(await this.auth.reissue(device.user_id)), station: device.station_code };
  }

  revokeKiosk(actor: Actor, id: number): Promise<void> {
    return this.edits.run(actor, async (trx) => {
      const before = await trx('kiosk_devices').where({ id }).forUpdate().first();
      if (!before) throw notFound(`kiosk ${id}`);
      await trx('kiosk_devices')
        .where({ id })
        .update({ revoked_at: before.revoked_at ?? trx.fn.now() });
      await trx('users').where({ id: before.user_id }).update({ tokens_valid_after: trx.fn.now() });
      return {
        action: 'kiosk.revoke',
        resource: 'kiosk',
        resourceId: String(id),
        before: { station: before.station_code, revoked: before.revoked_at !== null },
        after: { station: before.station_code, revoked: true },
        result: undefined,
      };
    });
  }
}
