'use client';

import { type TrainStopInput, trainCreateSchema } from '@fastpass/shared';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import styles from './console.module.css';
import { Alert, Field, SearchBox, invalid, issuesOf, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { TimetableEditor, blankTimetable } from './TimetableEditor';

/** Trains: the list, and a new train with its timetable (coaches and schedules on the train's page). */
export function TrainsPage() {
  const { api } = useOps();
  const router = useRouter();
  const { data, error } = useOpsData(async (a) => ({
    trains: await a.trains(),
    stations: await a.stations(),
  }));
  const [q, setQ] = useState('');
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [stops, setStops] = useState<TrainStopInput[]>(blankTimetable());
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const draft = { number, name, stops };
  const errors = touched ? issuesOf(trainCreateSchema, draft) : {};

  async function create(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(issuesOf(trainCreateSchema, draft)).length) return;
    setFailure(null);
    try {
      const t = await api.createTrain({ number: number.trim(), name: name.trim(), stops });
      router.push(`/ops/trains/${encodeURIComponent(t.number)}`);
    } catch (err) {
      setFailure(describeError(err));
    }
  }

  return (
    <main>
      <div className={styles.header}>
        <h1>Trains</h1>
        <SearchBox label="Search trains" value={q} onChange={setQ} />
      </div>
      <Alert error={error} />
      <table className={styles.table}>
        <caption>{data ? `${data.trains.length} trains` : 'Loading…'}</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Name</th>
            <th scope="col">Route</th>
            <th scope="col" className={styles.num}>
              Coaches
            </th>
            <th scope="col" className={styles.num}>
              Seats
            </th>
            <th scope="col" className={styles.num}>
              Schedules
            </th>
          </tr>
        </thead>
        <tbody>
          {(data?.trains ?? [])
            .filter((t) => matches(q, t.number, t.name, ...t.stops.map((s) => s.station)))
            .map((t) => (
              <tr key={t.number} data-train={t.number}>
                <th scope="row">
                  <Link href={`/ops/trains/${encodeURIComponent(t.number)}`}>{t.number}</Link>
                </th>
                <td>{t.name}</td>
                <td>{t.stops.map((s) => s.station).join(' → ')}</td>
                <td className={styles.num}>{t.coaches.length}</td>
                <td className={styles.num}>{t.coaches.reduce((n, c) => n + c.seats, 0)}</td>
                <td className={styles.num}>{t.schedules}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <section className={styles.card} aria-labelledby="new-train" style={{ marginTop: 16 }}>
        <h2 id="new-train">New train</h2>
        <form onSubmit={create} noValidate>
          <div className={styles.formRow}>
            <Field id="tr-number" label="Number" error={errors.number}>
              <input
                id="tr-number"
                value={number}
                onChange={(e) => setNumber(e.target.value)}
                onBlur={() => setTouched(true)}
                {...invalid('tr-number', errors.number)}
              />
            </Field>
            <Field id="tr-name" label="Name" error={errors.name}>
              <input
                id="tr-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                {...invalid('tr-name', errors.name)}
              />
            </Field>
          </div>
          <TimetableEditor
            idPrefix="new"
            stops={stops}
            onChange={setStops}
            stations={data?.stations ?? []}
            errors={errors}
          />
          <Alert error={failure} />
          <button type="submit" className={styles.button}>
            Create train
          </button>
        </form>
      </section>
    </main>
  );
}
