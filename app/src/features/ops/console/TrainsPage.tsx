'use client';

import { type TrainStopInput, trainCreateSchema } from '@fastpass/shared';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, InputField, SearchBox, matches } from './form';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable, counted, numeric } from './OpsTable';
import { PageHeader } from './PageHeader';
import { TimetableEditor, blankTimetable } from './TimetableEditor';
import { useOpsForm } from './use-ops-form';

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
  const form = useOpsForm(trainCreateSchema, { number, name, stops });
  const { errors } = form;
  const create = form.submit(async () => {
    const t = await api.createTrain({ number: number.trim(), name: name.trim(), stops });
    router.push(`/ops/trains/${encodeURIComponent(t.number)}`);
  });

  return (
    <main>
      <PageHeader title="Trains">
        <SearchBox label="Search trains" value={q} onChange={setQ} />
      </PageHeader>
      <Alert error={error} />
      <OpsTable
        caption={counted(data?.trains, (n) => `${n} trains`)}
        columns={['Number', 'Name', 'Route', numeric('Coaches'), numeric('Seats'), numeric('Schedules')]}
      >
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
      </OpsTable>
      <Card id="new-train" title="New train" style={{ marginTop: 16 }}>
        <form onSubmit={create} noValidate>
          <div className={styles.formRow}>
            <InputField
              id="tr-number"
              label="Number"
              error={errors.number}
              value={number}
              onValue={setNumber}
              onBlur={form.touch}
            />
            <InputField id="tr-name" label="Name" error={errors.name} value={name} onValue={setName} />
          </div>
          <TimetableEditor
            idPrefix="new"
            stops={stops}
            onChange={setStops}
            stations={data?.stations ?? []}
            errors={errors}
          />
          <Alert error={form.failure} />
          <button type="submit" className={styles.button}>
            Create train
          </button>
        </form>
      </Card>
    </main>
  );
}
