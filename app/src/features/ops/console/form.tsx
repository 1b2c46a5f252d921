'use client';

import type { ReactNode } from 'react';
import styles from './console.module.css';

/** Field errors of a value under a schema, keyed by path (`stops.1.arriveMin`): inline validation. */
interface Schema {
  safeParse(
    v: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

export function issuesOf(schema: Schema, value: unknown): Record<string, string> {
  const r = schema.safeParse(value);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}

/** The attributes that tie an input to its label's error text. */
export function invalid(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-err` } : {};
}

/** A labelled control with its error under it (announced through aria-describedby). */
export function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span id={`${id}-err`} className={styles.fieldError}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function Alert({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className={styles.alert}>
      {error}
    </p>
  ) : null;
}

/** A search box that filters a table (labelled for screen readers). */
export function SearchBox({
  value,
  onChange,
  label,
}: { value: string; onChange: (v: string) => void; label: string }) {
  return (
    <input
      type="search"
      className={styles.search}
      aria-label={label}
      placeholder={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export const matches = (q: string, ...fields: Array<string | number | null | undefined>) =>
  q.trim() === '' ||
  fields.some((f) =>
    String(f ?? '')
      .toLowerCase()
      .includes(q.trim().toLowerCase()),
  );
