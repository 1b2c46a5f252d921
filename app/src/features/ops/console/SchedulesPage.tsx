'use client';

import { type ScheduleCreate, scheduleCreateSchema } from '@fastpass/shared';
import { type FormEvent, useState } from 'react';
import styles from './console.module.css';
import { Alert, Field, SearchBox, invalid, issuesOf, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const today = () => new Date().toISOString().slice(0, 10);

/** Schedules: which days each train runs; the generator makes the trips (see docs/operations.md). */
export function SchedulesPage() {
  const { api } = useOps();
  const { data, error, reload } = useOpsData(async (a) => ({
    schedules: await a.schedules(),
    trains: await a.trains(),
    sales: await a.sales(),
  }));
  const [q, setQ] = useState('');
  const [draft, setDraft] = useState<ScheduleCreate>({
    trainNumber: '',
    days: [1, 2, 3, 4, 5, 6, 7],
    departsLocal: '08:00',
    validFrom: today(),
    validTo: null,
    saleId: 'regular',
  });
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const errors = touched ? issuesOf(scheduleCreateSchema, draft) : {};

  async function create(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(issuesOf(scheduleCreateSchema, draft)).length) return;
    setFailure(null);
    try {
      await api.createSchedule(draft);
      const g = await api.generate();
      setNote(`Schedule saved; ${g.created} trip(s) generated through ${g.through}.`);
      reload();
    } catch (err) {
      setFailure(describeError(err));
    }
  }

  return (
    <main>
      <div className={styles.header}>
        <h1>Schedules</h1>
        <div className={styles.actions}>
          <SearchBox label="Search schedules" value={q} onChange={setQ} />
          <button
            type="button"
            className={styles.buttonQuiet}
            onClick={() =>
              api
                .generate()
                .then((g) => setNote(`${g.created} trip(s) generated through ${g.through}.`))
                .catch((e) => setFailure(describeError(e)))
            }
          >
            Generate trips now
          </button>
        </div>
      </div>
      <p className={styles.lead}>
        Trips are generated from these schedules every few minutes for the days ahead. A change reaches days
        not generated yet; an existing trip keeps its time (cancel it instead).
      </p>
      <Alert error={error} />
      {note ? (
        <p className={styles.note} role="status">
          {note}
        </p>
      ) : null}
      <section className={styles.card} aria-labelledby="new-schedule">
        <h2 id="new-schedule">New schedule</h2>
        <form onSubmit={create} noValidate>
          <div className={styles.formRow}>
            <Field id="sc-train" label="Train" error={errors.trainNumber}>
              <select
                id="sc-train"
                value={draft.trainNumber}
                onChange={(e) => setDraft({ ...draft, trainNumber: e.target.value })}
                {...invalid('sc-train', errors.trainNumber)}
              >
                <option value="">Choose a train</option>
                {(data?.trains ?? []).map((t) => (
                  <option key={t.number} value={t.number}>
                    {t.number} {t.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="sc-time" label="Departs (local time)" error={errors.departsLocal}>
              <input
                id="sc-time"
                type="time"
                value={draft.departsLocal}
                onChange={(e) => setDraft({ ...draft, departsLocal: e.target.value })}
                {...invalid('sc-time', errors.departsLocal)}
              />
            </Field>
            <Field id="sc-from" label="Valid from" error={errors.validFrom}>
              <input
                id="sc-from"
                type="date"
                value={draft.validFrom}
                onChange={(e) => setDraft({ ...draft, validFrom: e.target.value })}
                {...invalid('sc-from', errors.validFrom)}
              />
            </Field>
            <Field id="sc-to" label="Valid to (optional)" error={errors.validTo}>
              <input
                id="sc-to"
                type="date"
                value={draft.validTo ?? ''}
                onChange={(e) => setDraft({ ...draft, validTo: e.target.value || null })}
                {...invalid('sc-to', errors.validTo)}
              />
            </Field>
            <Field id="sc-sale" label="Sold in">
              <select
                id="sc-sale"
                value={draft.saleId}
                onChange={(e) => setDraft({ ...draft, saleId: e.target.value })}
              >
                {(data?.sales ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset style={{ border: 0, padding: 0, margin: '10px 0' }}>
            <legend>Runs on</legend>
            {DAYS.map((d, i) => (
              <label key={d} style={{ marginRight: 12 }}>
                <input
                  type="checkbox"
                  checked={draft.days.includes(i + 1)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      days: e.target.checked
                        ? [...draft.days, i + 1].sort()
                        : draft.days.filter((x) => x !== i + 1),
                    })
                  }
                />{' '}
                {d}
              </label>
            ))}
            {errors.days ? <span className={styles.fieldError}>{errors.days}</span> : null}
          </fieldset>
          <Alert error={failure} />
          <button type="submit" className={styles.button}>
            Save schedule
          </button>
        </form>
      </section>
      <table className={styles.table}>
        <caption>{data ? `${data.schedules.length} schedules` : 'Loading…'}</caption>
        <thead>
          <tr>
            <th scope="col">Train</th>
            <th scope="col">Days</th>
            <th scope="col">Departs</th>
            <th scope="col">Valid</th>
            <th scope="col">Sale</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(data?.schedules ?? [])
            .filter((s) => matches(q, s.trainNumber, s.departsLocal, s.saleId))
            .map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.trainNumber}</th>
                <td>{s.days.length === 7 ? 'Daily' : s.days.map((d) => DAYS[d - 1]).join(' ')}</td>
                <td>{s.departsLocal}</td>
                <td>
                  {s.validFrom} → {s.validTo ?? 'open'}
                </td>
                <td>{s.saleId}</td>
                <td>
                  <button
                    type="button"
                    className={styles.buttonDanger}
                    onClick={() =>
                      api
                        .deleteSchedule(s.id)
                        .then(reload)
                        .catch((e) => setFailure(describeError(e)))
                    }
                  >
                    Delete
                    <span className="sr-only">
                      {' '}
                      schedule {s.id} of {s.trainNumber}
                    </span>
                  </button>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </main>
  );
}
