'use client';

import { type CoachTypeInput, type LayoutSeat, coachTypeSchema } from '@fastpass/shared';
import { type KeyboardEvent, useRef, useState } from 'react';
import styles from './console.module.css';
import { Alert, Field, InputField, SelectField } from './form';
import { useOpsForm } from './use-ops-form';

type Access = LayoutSeat['access'][number];
const ACCESS: Array<[Access, string]> = [
  ['wheelchair', 'Wheelchair space'],
  ['priority', 'Priority seat'],
  ['companion', 'Companion seat'],
];

/** Every cell a seat, numbered row by row (the usual start for a new layout). */
export function filledSeats(rows: number, cols: number): LayoutSeat[] {
  const seats: LayoutSeat[] = [];
  for (let r = 1; r <= rows; r++)
    for (let c = 1; c <= cols; c++)
      seats.push({
        row: r,
        col: c,
        label: String(seats.length + 1),
        berth: null,
        facing: 'forward',
        access: [],
      });
  return seats;
}

/**
 * A coach layout on a grid: each cell is a button (arrow keys move between cells, Enter or a click
 * selects one); the panel beside the grid turns the selected cell into a seat or an empty space and sets
 * its label, berth, facing and access needs.
 */
export function LayoutEditor({
  value,
  onChange,
  classes,
  codeLocked,
  failure,
  onSubmit,
  submitLabel,
}: {
  value: CoachTypeInput;
  onChange: (v: CoachTypeInput) => void;
  classes: string[];
  codeLocked: boolean;
  failure: string | null;
  onSubmit: () => void;
  submitLabel: string;
}) {
  const [sel, setSel] = useState<{ row: number; col: number }>({ row: 1, col: 1 });
  const grid = useRef<HTMLDivElement>(null);
  const form = useOpsForm(coachTypeSchema, value);
  const { errors } = form;
  const seatAt = (row: number, col: number) => value.seats.find((s) => s.row === row && s.col === col);
  const selected = seatAt(sel.row, sel.col);

  const setSeat = (patch: Partial<LayoutSeat> | null) => {
    const others = value.seats.filter((s) => !(s.row === sel.row && s.col === sel.col));
    if (patch === null) return onChange({ ...value, seats: others });
    const base: LayoutSeat = selected ?? {
      row: sel.row,
      col: sel.col,
      label: String(Math.max(0, ...value.seats.map((s) => Number(s.label) || 0)) + 1),
      berth: null,
      facing: 'forward',
      access: [],
    };
    onChange({ ...value, seats: [...others, { ...base, ...patch }] });
  };
  const resize = ({ rows, cols }: { rows: number; cols: number }) =>
    onChange({ ...value, rows, cols, seats: value.seats.filter((s) => s.row <= rows && s.col <= cols) });

  const focusCell = (row: number, col: number) => {
    setSel({ row, col });
    grid.current?.querySelector<HTMLButtonElement>(`[data-cell="${row}:${col}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent, row: number, col: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      focusCell(Math.min(value.rows, Math.max(1, row + m[0])), Math.min(value.cols, Math.max(1, col + m[1])));
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      setSel({ row, col });
      onChange({ ...value, seats: value.seats.filter((s) => !(s.row === row && s.col === col)) });
    }
  };

  const columns: string[] = [];
  for (let c = 1; c <= value.cols; c++) {
    columns.push('44px');
    if (value.aisleAfter.includes(c)) columns.push('18px');
  }
  const cells = [];
  for (let r = 1; r <= value.rows; r++) {
    for (let c = 1; c <= value.cols; c++) {
      const s = seatAt(r, c);
      const isSel = sel.row === r && sel.col === c;
      const access = s?.access ?? [];
      const cls = [
        styles.cell,
        s ? styles.cellSeat : '',
        access.includes('wheelchair') ? styles.cellWheelchair : '',
        access.includes('priority') ? styles.cellPriority : '',
        access.includes('companion') ? styles.cellCompanion : '',
      ].join(' ');
      cells.push(
        <button
          key={`${r}:${c}`}
          type="button"
          data-cell={`${r}:${c}`}
          className={cls}
          tabIndex={isSel ? 0 : -1}
          aria-pressed={isSel}
          aria-label={`Row ${r}, column ${c}: ${s ? `seat ${s.label}${access.length ? `, ${access.join(', ')}` : ''}${s.berth ? `, ${s.berth} berth` : ''}` : 'empty'}`}
          onClick={() => setSel({ row: r, col: c })}
          onKeyDown={(e) => onKey(e, r, c)}
          style={{ gridRow: r }}
        >
          {s ? s.label : ''}
          {access.includes('wheelchair') ? <span aria-hidden="true"> ♿</span> : null}
        </button>,
      );
      if (value.aisleAfter.includes(c))
        cells.push(<span key={`a${r}:${c}`} className={styles.aisle} style={{ gridRow: r }} />);
    }
  }

  const num = (v: string, min: number, max: number) =>
    Math.min(max, Math.max(min, Math.round(Number(v) || min)));
  const dimension = (field: 'rows' | 'cols', label: string, max: number) => (
    <InputField
      id={`lt-${field}`}
      label={label}
      type="number"
      min={1}
      max={max}
      style={{ width: 80 }}
      value={value[field]}
      onValue={(v) => resize({ rows: value.rows, cols: value.cols, [field]: num(v, 1, max) })}
    />
  );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (form.check()) onSubmit();
      }}
    >
      <div className={styles.formRow}>
        <InputField
          id="lt-code"
          label="Layout code"
          error={errors.code}
          value={value.code}
          disabled={codeLocked}
          onValue={(code) => onChange({ ...value, code: code.toUpperCase() })}
        />
        <InputField
          id="lt-name"
          label="Name"
          error={errors.name}
          value={value.name}
          onValue={(name) => onChange({ ...value, name })}
        />
        <Field id="lt-class" label="Fare class" error={errors.class}>
          <select
            id="lt-class"
            value={value.class}
            onChange={(e) => onChange({ ...value, class: e.target.value })}
          >
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        {dimension('rows', 'Rows', 40)}
        {dimension('cols', 'Columns', 8)}
        <InputField
          id="lt-aisle"
          label="Aisle after column"
          error={errors.aisleAfter}
          style={{ width: 120 }}
          value={value.aisleAfter.join(', ')}
          onValue={(v) =>
            onChange({
              ...value,
              aisleAfter: v
                .split(/[\s,]+/)
                .filter(Boolean)
                .map(Number)
                .filter((n) => Number.isInteger(n) && n > 0),
            })
          }
        />
        <button
          type="button"
          className={styles.buttonQuiet}
          onClick={() => onChange({ ...value, seats: filledSeats(value.rows, value.cols) })}
        >
          Fill every cell
        </button>
      </div>
      <div className={styles.grid2} style={{ marginTop: 12 }}>
        <div>
          <p className={styles.muted} id="grid-help">
            Arrow keys move between cells; Delete empties one. {value.seats.length} seats.
          </p>
          <div
            ref={grid}
            role="group"
            aria-label="Seat grid"
            aria-describedby="grid-help"
            className={styles.layoutGrid}
            style={{ gridTemplateColumns: columns.join(' ') }}
          >
            {cells}
          </div>
          <div className={styles.legend} aria-hidden="true">
            <span>■ blue: wheelchair</span>
            <span>■ amber: priority</span>
            <span>■ violet: companion</span>
            <span>dashed: empty</span>
          </div>
          {errors.seats ? <p className={styles.fieldError}>{errors.seats}</p> : null}
          {Object.entries(errors)
            .filter(([k]) => k.startsWith('seats.'))
            .slice(0, 3)
            .map(([k, v]) => (
              <p key={k} className={styles.fieldError}>
                {k}: {v}
              </p>
            ))}
        </div>
        <fieldset className={styles.card}>
          <legend>
            Row {sel.row}, column {sel.col}
          </legend>
          {selected ? (
            <>
              <InputField
                id="seat-label"
                label="Seat label"
                value={selected.label}
                onValue={(label) => setSeat({ label })}
              />
              <SelectField
                id="seat-berth"
                label="Berth"
                value={selected.berth ?? ''}
                onValue={(berth) => setSeat({ berth: (berth || null) as LayoutSeat['berth'] })}
              >
                <option value="">No berth (a seat)</option>
                <option value="lower">Lower berth</option>
                <option value="upper">Upper berth</option>
              </SelectField>
              <SelectField
                id="seat-facing"
                label="Facing"
                value={selected.facing}
                onValue={(facing) => setSeat({ facing: facing as LayoutSeat['facing'] })}
              >
                <option value="forward">Forward</option>
                <option value="backward">Backward</option>
              </SelectField>
              <fieldset style={{ border: 0, padding: 0, margin: '8px 0' }}>
                <legend>Accessible seating</legend>
                {ACCESS.map(([a, label]) => (
                  <label key={a} style={{ display: 'block' }}>
                    <input
                      type="checkbox"
                      checked={selected.access.includes(a)}
                      onChange={(e) =>
                        setSeat({
                          access: e.target.checked
                            ? [...selected.access, a]
                            : selected.access.filter((x) => x !== a),
                        })
                      }
                    />{' '}
                    {label}
                  </label>
                ))}
              </fieldset>
              <button type="button" className={styles.buttonDanger} onClick={() => setSeat(null)}>
                Make this cell empty
              </button>
            </>
          ) : (
            <button type="button" className={styles.buttonQuiet} onClick={() => setSeat({})}>
              Put a seat here
            </button>
          )}
        </fieldset>
      </div>
      <Alert error={failure} />
      <button type="submit" className={styles.button}>
        {submitLabel}
      </button>
    </form>
  );
}
