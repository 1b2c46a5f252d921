'use client';

import type { Coach } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useRef } from 'react';
import { seatStateOf } from './seat-state';
import { useTripStore } from './StoreProvider';
import styles from './seat-map.module.css';

function FreeCount({ coach }: { coach: Coach }) {
  const free = useTripStore((s) => {
    let n = 0;
    for (const seat of coach.seats) if (seatStateOf(s.occ[seat.id], s.mask, false) === 'free') n++;
    return n;
  });
  const t = useTranslations('trip');
  return (
    <span className={styles.tabFree} data-free-count={free}>
      {t('coachFree', { count: free })}
    </span>
  );
}

export function classLabel(cls: string): string {
  const names: Record<string, string> = {
    AC_B: 'AC berth',
    SNIGDHA: 'Snigdha (AC chair)',
    S_CHAIR: 'Shovan chair',
    SHOVAN: 'Shovan',
  };
  return names[cls] ?? cls.replaceAll('_', ' ').toLowerCase();
}

/** A class's name in the page's language (`classes.*`), or the English fallback for a new class. */
export function useClassLabel(): (cls: string) => string {
  const t = useTranslations('classes');
  return (cls) => (t.has(cls) ? t(cls) : classLabel(cls));
}

/** Coach tabs: code, class and live free count for the journey. */
export function CoachTabs({ coaches }: { coaches: Coach[] }) {
  const active = useTripStore((s) => s.activeCoach);
  const setActive = useTripStore((s) => s.setActiveCoach);
  const listRef = useRef<HTMLDivElement>(null);
  const t = useTranslations('trip');
  const label = useClassLabel();

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const i = coaches.findIndex((c) => c.code === active);
    let j = i;
    if (e.key === 'ArrowRight') j = (i + 1) % coaches.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + coaches.length) % coaches.length;
    else return;
    e.preventDefault();
    const next = coaches[j];
    if (!next) return;
    setActive(next.code);
    listRef.current?.querySelector<HTMLElement>(`[data-coach="${CSS.escape(next.code)}"]`)?.focus();
  }

  return (
    <div className={styles.tabs} role="tablist" aria-label={t('coaches')} ref={listRef} onKeyDown={onKeyDown}>
      {coaches.map((c) => (
        <button
          key={c.code}
          type="button"
          role="tab"
          id={`tab-${c.code}`}
          aria-controls="coach-panel"
          aria-selected={c.code === active}
          tabIndex={c.code === active ? 0 : -1}
          data-coach={c.code}
          className={styles.tab}
          onClick={() => setActive(c.code)}
        >
          <span className={styles.tabCode}>{c.code}</span>
          <span className={styles.tabClass}>{label(c.class)}</span>
          <FreeCount coach={c} />
        </button>
      ))}
    </div>
  );
}
