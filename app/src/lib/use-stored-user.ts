'use client';

import type { User } from '@fastpass/shared';
import { useEffect, useState } from 'react';
import { SESSION_EVENT, storedUser } from './session';

/**
 * The signed-in user from localStorage, kept current on log-in and log-out. `ready` is false until the
 * first read: the server render has no storage, so a page waits instead of flashing "not signed in".
 */
export function useStoredUser(): { user: User | null; ready: boolean } {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const sync = () => {
      setUser(storedUser());
      setReady(true);
    };
    sync();
    window.addEventListener(SESSION_EVENT, sync);
    return () => window.removeEventListener(SESSION_EVENT, sync);
  }, []);
  return { user, ready };
}
