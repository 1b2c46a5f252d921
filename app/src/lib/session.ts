/** The passenger's session: a bearer token kept in localStorage, a guest one fetched on first need. */
import type { AuthResponse, User } from '@fastpass/shared';

const TOKEN_KEY = 'fastpass.token';
const USER_KEY = 'fastpass.user';
export const SESSION_EVENT = 'fastpass:session';

let guestInFlight: Promise<string> | null = null;

export function storedToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storedUser(): User | null {
  try {
    const raw = window.localStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as User) : null;
  } catch {
    return null;
  }
}

export function saveSession(auth: AuthResponse): void {
  window.localStorage.setItem(TOKEN_KEY, auth.token);
  window.localStorage.setItem(USER_KEY, JSON.stringify(auth.user));
  window.dispatchEvent(new Event(SESSION_EVENT));
}

export function clearSession(): void {
  window.localStorage.removeItem(TOKEN_KEY);
  window.localStorage.removeItem(USER_KEY);
  window.dispatchEvent(new Event(SESSION_EVENT));
}

/** The stored token, or a fresh guest token (one request even when many callers ask at once). */
export async function ensureToken(baseUrl: string): Promise<string> {
  const existing = storedToken();
  if (existing) return existing;
  if (!guestInFlight) {
    guestInFlight = (async () => {
      const res = await fetch(`${baseUrl}/api/auth/guest`, { method: 'POST' });
      if (!res.ok) throw new Error(`guest sign-in failed (${res.status})`);
      const auth = (await res.json()) as AuthResponse;
      saveSession(auth);
      return auth.token;
    })().finally(() => {
      guestInFlight = null;
    });
  }
  return guestInFlight;
}
