'use client';

import type { Coach } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { type CSSProperties, type KeyboardEvent, useEffect, useMemo } from 'react';
import { useClassLabel } from './CoachTabs';
import { Seat } from './Seat';
import { useTripStoreApi } from './StoreProvider';
import styles from './seat-map.module.css';

/** Must match the media query in seat-map.module.css that lays the coach down. */
const HORIZONTAL_QUERY = '(min-width: 900px)';

interface Placed {
  id: string;
  row: number;
  col: number;
  gridColumn: number;
}

/** One coach drawn from its layout: seat columns with the aisle(s) between them, rows front to back. */
export function CoachView({ coach }: { coach: Coach }) {
  const store = useTripStoreApi();
  const t = useTranslations('trip');
  const classLabel = useClassLabel();
  const { layout } = coach;
  const aisles = useMemo(() => [...layout.aisleAfter].sort((a, b) => a - b), [layout.aisleAfter]);

  const columns = useMemo(() => {
    const cols: string[] = [];
    for (let c = 1; c <= layout.cols; c++) {
      cols.push('var(--seat-size)');
      if (aisles.includes(c) && c < layout.cols) cols.push('var(--aisle-size)');
    }
    return cols.join(' ');
  }, [layout.cols, aisles]);

  const placed: Placed[] = useMemo(
    () =>
      coach.seats.map((s) => ({
        id: s.id,
        row: s.row,
        col: s.col,
        gridColumn: s.col + aisles.filter((a) => a < s.col).length,
      })),
    [coach.seats, aisles],
  );

  // Roving tab index: keep one seat of this coach reachable with Tab.
  useEffect(() => {
    const s = store.getState();
    if (!s.focusSeat || !coach.seats.some((x) => x.id === s.focusSeat)) {
      const first = coach.seats[0];
      if (first) s.setFocusSeat(first.id);
    }
  }, [coach, store]);

  function move(from: string, dRow: number, dCol: number): string | null {
    const cur = placed.find((p) => p.id === from);
    if (!cur) return placed[0]?.id ?? null;
    if (dCol !== 0) {
      const same = placed.filter((p) => p.row === cur.row).sort((a, b) => a.col - b.col);
      const i = same.findIndex((p) => p.id === from);
      const next = same[i + dCol];
      if (next) return next.id;
      // Wrap to the next/previous row.
      const rowNext = placed
        .filter((p) => p.row === cur.row + dCol)
        .sort((a, b) => (dCol > 0 ? a.col - b.col : b.col - a.col))[0];
      return rowNext?.id ?? null;
    }
    const target = placed.filter((p) => p.row === cur.row + dRow);
    if (!target.length) return null;
    return target.reduce((best, p) => (Math.abs(p.col - cur.col) < Math.abs(best.col - cur.col) ? p : best))
      .id;
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const current = store.getState().focusSeat;
    if (!current) return;
    // Wide screens draw the coach lying down (rows run left to right): arrows follow what is seen.
    const lying = window.matchMedia(HORIZONTAL_QUERY).matches;
    const along = lying ? ['ArrowDown', 'ArrowUp'] : ['ArrowRight', 'ArrowLeft'];
    const across = lying ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    let next: string | null = null;
    if (e.key === along[0]) next = move(current, 0, 1);
    else if (e.key === along[1]) next = move(current, 0, -1);
    else if (e.key === across[0]) next = move(current, 1, 0);
    else if (e.key === across[1]) next = move(current, -1, 0);
    else if (e.key === 'Home') next = placed[0]?.id ?? null;
    else if (e.key === 'End') next = placed[placed.length - 1]?.id ?? null;
    else return;
    e.preventDefault();
    if (!next) return;
    store.getState().setFocusSeat(next);
    const el = e.currentTarget.querySelector<HTMLElement>(`[data-seat-id="${CSS.escape(next)}"]`);
    el?.focus();
  }

  return (
    <section
      className={styles.coach}
      aria-label={t('coachLabel', { coach: coach.code, cls: classLabel(coach.class) })}
    >
      <div className={styles.coachEnd} aria-hidden="true">
        <span className={styles.dirV}>▲</span>
        {t('front', { coach: coach.code })}
      </div>
      <div
        className={`${styles.grid} ${coach.seats.some((s) => s.berth) ? styles.berthGrid : ''}`}
        style={{ '--track': columns } as CSSProperties}
        role="group"
        aria-label={t('gridLabel', { coach: coach.code })}
        onKeyDown={onKeyDown}
      >
        {coach.seats.map((s, i) => (
          <Seat
            key={s.id}
            seat={s}
            coach={coach.code}
            gridRow={s.row}
            gridColumn={placed[i]?.gridColumn ?? s.col}
          />
        ))}
      </div>
      <div className={styles.coachEnd} aria-hidden="true">
        {t('rear')} <span className={styles.dirV}>▼</span>
      </div>
    </section>
  );
}
