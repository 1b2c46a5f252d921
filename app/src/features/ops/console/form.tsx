'use client';

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import styles from './console.module.css';

/** Field errors of a value under a schema, keyed by path (`stops.1.arriveMin`): inline validation. */
export interface Schema {
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
      <ErrorText id={id} error={error} />
    </div>
  );
}

/**
 * The text `invalid(id, …)` points the input at; `before` sets it apart from an input in a table cell,
 * where there is no label row to put it under.
 */
export function ErrorText({
  id,
  error,
  before,
}: { id: string; error: string | undefined; before?: ReactNode }) {
  return error ? (
    <span id={`${id}-err`} className={styles.fieldError}>
      {before}
      {error}
    </span>
  ) : null;
}

interface Labelled {
  id: string;
  label: string;
  error?: string;
  onValue: (value: string) => void;
}

/** A labelled text-like input wired to its error; the other props are the input's own. */
export function InputField({
  id,
  label,
  error,
  onValue,
  ...input
}: Labelled & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'>) {
  return (
    <Field id={id} label={label} error={error}>
      <input id={id} {...input} onChange={(e) => onValue(e.target.value)} {...invalid(id, error)} />
    </Field>
  );
}

/** A labelled select wired to its error; its options are the children. */
export function SelectField({
  id,
  label,
  error,
  onValue,
  children,
  ...select
}: Labelled & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'onChange'>) {
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} {...select} onChange={(e) => onValue(e.target.value)} {...invalid(id, error)}>
        {children}
      </select>
    </Field>
  );
}

export function Alert({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className={styles.alert}>
      {error}
    </p>
  ) : null;
}

/** What the last action did, announced politely (the counterpart of `Alert`). */
export function Status({ note }: { note: string | null }) {
  return note ? (
    <p className={styles.note} role="status">
      {note}
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
