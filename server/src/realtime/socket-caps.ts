/**
 * Open sockets per user and per client address, counted on this instance (each socket lives on exactly
 * one, and a crashed instance takes its counts with it, so nothing can leak). With N instances behind a
 * balancer a user may hold up to N × the cap; docs/configuration.md says so.
 */
export class SocketCaps {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly caps: { perUser: number; perAddress: number }) {}

  /** Counts the socket in, or answers why not (and counts nothing). */
  admit(userId: string, address: string): string | null {
    const { perUser, perAddress } = this.caps;
    if (perUser > 0 && (this.byUser.get(userId) ?? 0) >= perUser)
      return `at most ${perUser} connections per user`;
    if (perAddress > 0 && (this.byAddress.get(address) ?? 0) >= perAddress)
      return `at most ${perAddress} connections per address`;
    bump(this.byUser, userId, 1);
    bump(this.byAddress, address, 1);
    return null;
  }

  release(userId: string, address: string): void {
    bump(this.byUser, userId, -1);
    bump(this.byAddress, address, -1);
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n <= 0) m.delete(key);
  else m.set(key, n);
}
