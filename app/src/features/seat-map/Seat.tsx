'use client';

import type { Seat as SeatInfo } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { type CSSProperties, memo, useEffect, useRef } from 'react';
import { useTripConnection } from './TripConnectionContext';
import { type SeatState, freeStretches } from './seat-state';
import { selectSeatState } from './store';
import { useTripStore, useTripStoreApi } from './StoreProvider';
import styles from './seat-map.module.css';

const ICON: Record<SeatState, string> = {
  free: '',
  held: '◷',
  mine: '✓',
  sold: '✕',
  unavailable: '–',
};

/** Counts renders per seat id (read by tests via window.__seatRenders to prove updates stay narrow). */
function countRender(id: string): void {
  if (typeof window === 'undefined') return;
  const w = window as Window & { __seatRenders?: Record<string, number> };
  w.__seatRenders ??= {};
  w.__seatRenders[id] = (w.__seatRenders[id] ?? 0) + 1;
}

export interface SeatProps {
  seat: SeatInfo;
  coach: string;
  gridRow: number;
  gridColumn: number;
}

type SeatWords = (key: string, values?: Record<string, string>) => string;

/** Accessible seating marks (drawn small in the seat; announced in its name). */
const ACCESS_ICON: Record<string, string> = { wheelchair: '♿', priority: 'P', companion: 'C' };

function seatName(
  t: SeatWords,
  coach: string,
  seat: SeatInfo,
  state: SeatState,
  selected: boolean,
  stretches: string[],
): string {
  const parts = [t('seatCoach', { coach }), t('seatLabel', { label: seat.label })];
  for (const a of seat.access ?? []) parts.push(t(`access_${a}`));
  if (seat.position) parts.push(t(`position_${seat.position}`));
  if (seat.berth) parts.push(t(`berth_${seat.berth}`));
  parts.push(t(`state_${state}`));
  // Free for part of the journey only: say which part, so a shorter or split journey can be chosen.
  if (state === 'unavailable' && stretches.length)
    parts.push(t('freeLegs', { stretches: stretches.join(', ') }));
  if (selected) parts.push(t('selected'));
  return parts.join(', ');
}

/** One seat: selects only its own state, so a live update of one seat re-renders one seat. */
export const Seat = memo(function Seat({ seat, coach, gridRow, gridColumn }: SeatProps) {
  const id = seat.id;
  const t = useTranslations('trip');
  const state = useTripStore(selectSeatState(id));
  const pending = useTripStore((s) => s.pending[id] === true);
  const selected = useTripStore((s) => s.selected[id] === true);
  const focused = useTripStore((s) => s.focusSeat === id);
  const closed = useTripStore((s) => s.closed !== null);
  const synced = useTripStore((s) => s.synced);
  // Only an unavailable seat reads its occupancy, so other seats do not re-render on each other's changes.
  const stretchText = useTripStore((s) => {
    if (state !== 'unavailable' || !s.trip) return '';
    const stations = s.trip.stops.map((x) => x.station);
    return freeStretches(s.occ[id], s.mask)
      .map(([a, b]) => `${stations[a]} → ${stations[b]}`)
      .join(', ');
  });
  const stretches = stretchText ? stretchText.split(', ') : [];
  const store = useTripStoreApi();
  const connection = useTripConnection();
  const ref = useRef<HTMLButtonElement>(null);
  const first = useRef(true);
  countRender(id);

  // Animate live changes briefly (not on first paint).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose whenever the state changes
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const el = ref.current;
    if (!el) return;
    el.classList.remove(styles.changed ?? 'changed');
    void el.offsetWidth;
    el.classList.add(styles.changed ?? 'changed');
  }, [state]);

  // A closed journey can still release its holds, never take new seats.
  // Nothing is taken before the live occupancy is known: until then "free" only means "not known to be busy".
  const actionable = synced && ((state === 'free' && !closed) || state === 'mine');

  function onClick(): void {
    const s = store.getState();
    s.setFocusSeat(id);
    if (pending || !connection || !synced) return;
    if (state === 'mine') {
      const holdId = s.mine[id];
      if (holdId) void connection.release(holdId);
      return;
    }
    if (state !== 'free' || closed) return;
    if (s.selecting) {
      s.toggleSelected(id);
      return;
    }
    void connection.hold([id]);
  }

  return (
    <button
      ref={ref}
      type="button"
      className={`${styles.seat} ${styles[state] ?? ''} ${seat.berth ? styles.berth : ''}`}
      style={{ '--r': gridRow, '--c': gridColumn } as CSSProperties}
      data-seat-id={id}
      data-state={state}
      data-pending={pending ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      aria-label={seatName(t, coach, seat, state, selected, stretches)}
      title={stretchText ? t('freeLegs', { stretches: stretchText }) : undefined}
      data-access={seat.access?.join(' ') || undefined}
      aria-disabled={!actionable}
      aria-pressed={state === 'mine' || selected}
      aria-busy={pending}
      tabIndex={focused ? 0 : -1}
      onClick={onClick}
      onFocus={() => {
        if (!focused) store.getState().setFocusSeat(id);
      }}
    >
      <span className={styles.seatLabel}>{seat.label}</span>
      <span className={styles.seatIcon} aria-hidden="true">
        {pending ? '…' : selected ? '●' : ICON[state]}
      </span>
      {seat.access?.length ? (
        <span className={styles.accessTag} aria-hidden="true">
          {seat.access.map((a) => ACCESS_ICON[a]).join('')}
        </span>
      ) : null}
      {seat.berth ? (
        <span className={styles.berthTag} aria-hidden="true">
          {seat.berth === 'upper' ? 'U' : 'L'}
        </span>
      ) : null}
      {seat.facing === 'backward' ? (
        <span className={styles.facing} aria-hidden="true" title={t('facesBackward')}>
          <span className={styles.dirV}>↓</span>
          <span className={styles.dirH}>→</span>
        </span>
      ) : null}
    </button>
  );
});
