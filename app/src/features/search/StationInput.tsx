'use client';

import type { Station } from '@fastpass/shared';
import styles from './search.module.css';

export function stationText(s: Station): string {
  return `${s.name} (${s.code})`;
}

/** Resolves what was typed (code, name or "Name (CODE)") to a station code, or '' when nothing matches. */
export function resolveStation(text: string, stations: Station[]): string {
  const t = text.trim().toLowerCase();
  if (!t) return '';
  const exact = stations.find(
    (s) => s.code.toLowerCase() === t || s.name.toLowerCase() === t || stationText(s).toLowerCase() === t,
  );
  if (exact) return exact.code;
  const starts = stations.filter((s) => s.name.toLowerCase().startsWith(t));
  return starts.length === 1 ? (starts[0]?.code ?? '') : '';
}

/** A type-ahead station picker (native datalist: works with keyboards, screen readers and phones). */
export function StationInput(props: {
  id: string;
  label: string;
  value: string;
  stations: Station[];
  onChange: (text: string) => void;
}) {
  return (
    <label className={styles.field} htmlFor={props.id}>
      <span>{props.label}</span>
      <input
        id={props.id}
        name={props.id}
        list={`${props.id}-list`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder="Station name or code"
        autoComplete="off"
      />
      <datalist id={`${props.id}-list`}>
        {props.stations.map((s) => (
          <option key={s.code} value={stationText(s)} />
        ))}
      </datalist>
    </label>
  );
}
