'use client';

import { useEffect, useState } from 'react';

/** Seconds since the last touch/key/pointer activity; `onIdle` fires once when `limitMs` passes. */
export function useIdle(limitMs: number, active: boolean, onIdle: () => void): number {
  const [idleMs, setIdleMs] = useState(0);
  useEffect(() => {
    if (!active) {
      setIdleMs(0);
      return;
    }
    let last = Date.now();
    let fired = false;
    const bump = () => {
      last = Date.now();
      setIdleMs(0);
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, bump, { passive: true });
    const t = setInterval(() => {
      const idle = Date.now() - last;
      setIdleMs(idle);
      if (idle >= limitMs && !fired) {
        fired = true;
        onIdle();
      }
    }, 500);
    return () => {
      for (const e of events) window.removeEventListener(e, bump);
      clearInterval(t);
    };
  }, [limitMs, active, onIdle]);
  return idleMs;
}
