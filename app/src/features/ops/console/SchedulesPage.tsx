'use client';

import { type ScheduleCreate, scheduleCreateSchema } from '@fastpass/shared';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, InputField, SearchBox, SelectField, Status, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable, counted } from './OpsTable';
import { PageHeader } from './PageHeader';
import { useOpsForm } from './use-ops-form';

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
  const [note, setNote] = useState<string | null>(null);
  const form = useOpsForm(scheduleCreateSchema, draft);
  const { errors, setFailure } = form;
  const create = form.submit(async () => {
    await api.createSchedule(draft);
    const g = await api.generate();
    setNote(`Schedule saved; ${g.created} trip(s) generated through ${g.through}.`);
    reload();
  });

  return (
    <main>
      <PageHeader title="Schedules">
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
      </PageHeader>
      <p className={styles.lead}>
        Trips are generated from these schedules every few minutes for the days ahead. A change reaches days
        not generated yet; an existing trip keeps its time (cancel it instead).
      </p>
      <Alert error={error} />
      <Status note={note} />
      <Card id="new-schedule" title="New schedule">
        <form onSubmit={create} noValidate>
          <div className={styles.formRow}>
            <SelectField
              id="sc-train"
              label="Train"
              error={errors.trainNumber}
              value={draft.trainNumber}
              onValue={(trainNumber) => setDraft({ ...draft, trainNumber })}
            >
              <option value="">Choose a train</option>
              {(data?.trains ?? []).map((t) => (
                <option key={t.number} value={t.number}>
                  {t.number} {t.name}
                </option>
              ))}
            </SelectField>
            <InputField
              id="sc-time"
              label="Departs (local time)"
              error={errors.departsLocal}
              type="time"
              value={draft.departsLocal}
              onValue={(departsLocal) => setDraft({ ...draft, departsLocal })}
            />
            <InputField
              id="sc-from"
              label="Valid from"
              error={errors.validFrom}
              type="date"
              value={draft.validFrom}
              onValue={(validFrom) => setDraft({ ...draft, validFrom })}
            />
            <InputField
              id="sc-to"
              label="Valid to (optional)"
              error={errors.validTo}
              type="date"
              value={draft.validTo ?? ''}
              onValue={(validTo) => setDraft({ ...draft, validTo: validTo || null })}
            />
            <SelectField
              id="sc-sale"
              label="Sold in"
              value={draft.saleId}
              onValue={(saleId) => setDraft({ ...draft, saleId })}
            >
              {(data?.sales ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
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
          <Alert error={form.failure} />
          <button type="submit" className={styles.button}>
            Save schedule
          </button>
        </form>
      </Card>
      <OpsTable
        caption={counted(data?.schedules, (n) => `${n} schedules`)}
        columns={['Train', 'Days', 'Departs', 'Valid', 'Sale', 'Actions']}
      >
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
      </OpsTable>
    </main>
  );
}
