'use client';

import type { OpsStation, TrainStopInput } from '@fastpass/shared';
import styles from './console.module.css';
import { ErrorText, invalid } from './form';
import { OpsTable } from './OpsTable';

const num = (v: string): number | null => (v.trim() === '' ? null : Number(v));

/**
 * A train's stops in order with minutes after the origin's departure and km from the origin. Rows are
 * added, removed and moved with buttons (keyboard first); errors come from the same schema the server
 * uses, keyed `stops.<row>.<field>`.
 */
export function TimetableEditor({
  stops,
  onChange,
  stations,
  errors,
  idPrefix,
}: {
  stops: TrainStopInput[];
  onChange: (stops: TrainStopInput[]) => void;
  stations: OpsStation[];
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const set = (i: number, patch: Partial<TrainStopInput>) =>
    onChange(stops.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...stops];
    const [s] = next.splice(i, 1);
    next.splice(i + d, 0, s!);
    onChange(next);
  };
  const listId = `${idPrefix}-stations`;
  const err = (i: number, f: string) => errors[`stops.${i}.${f}`];
  return (
    <>
      <datalist id={listId}>
        {stations.map((s) => (
          <option key={s.code} value={s.code}>
            {s.name}
          </option>
        ))}
      </datalist>
      <OpsTable
        caption={
          <>Timetable {errors.stops ? <span className={styles.fieldError}>— {errors.stops}</span> : null}</>
        }
        columns={['#', 'Station', 'Arrives (min)', 'Departs (min)', 'km', 'Order']}
      >
        {stops.map((s, i) => {
          const id = (f: string) => `${idPrefix}-${i}-${f}`;
          const cell = (f: 'arriveMin' | 'departMin' | 'km', label: string) => (
            <td>
              <input
                id={id(f)}
                type="number"
                inputMode="numeric"
                min={0}
                style={{ width: 90 }}
                aria-label={`${label}, stop ${i + 1}`}
                value={s[f] ?? ''}
                onChange={(e) =>
                  set(i, { [f]: f === 'km' ? (num(e.target.value) ?? 0) : num(e.target.value) })
                }
                {...invalid(id(f), err(i, f))}
              />
              <ErrorText id={id(f)} error={err(i, f)} before={<br />} />
            </td>
          );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a stop row has no identity until saved (its station is being typed)
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <input
                  id={id('station')}
                  list={listId}
                  style={{ width: 110 }}
                  aria-label={`Station, stop ${i + 1}`}
                  value={s.station}
                  onChange={(e) => set(i, { station: e.target.value.toUpperCase() })}
                  {...invalid(id('station'), err(i, 'station'))}
                />
                <ErrorText id={id('station')} error={err(i, 'station')} before={<br />} />
              </td>
              {cell('arriveMin', 'Arrives')}
              {cell('departMin', 'Departs')}
              {cell('km', 'Kilometres')}
              <td className={styles.actions}>
                <button
                  type="button"
                  className={styles.buttonQuiet}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑<span className="sr-only"> move stop {i + 1} up</span>
                </button>
                <button
                  type="button"
                  className={styles.buttonQuiet}
                  disabled={i === stops.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓<span className="sr-only"> move stop {i + 1} down</span>
                </button>
                <button
                  type="button"
                  className={styles.buttonDanger}
                  disabled={stops.length <= 2}
                  onClick={() => onChange(stops.filter((_, j) => j !== i))}
                >
                  Remove<span className="sr-only"> stop {i + 1}</span>
                </button>
              </td>
            </tr>
          );
        })}
      </OpsTable>
      <p>
        <button
          type="button"
          className={styles.buttonQuiet}
          onClick={() => onChange([...stops, { station: '', arriveMin: null, departMin: null, km: 0 }])}
        >
          Add a stop
        </button>{' '}
        <span className={styles.muted}>
          The origin departs at minute 0 and has no arrival; the terminus has no departure.
        </span>
      </p>
    </>
  );
}

export const blankTimetable = (): TrainStopInput[] => [
  { station: '', arriveMin: null, departMin: 0, km: 0 },
  { station: '', arriveMin: null, departMin: null, km: 0 },
];
