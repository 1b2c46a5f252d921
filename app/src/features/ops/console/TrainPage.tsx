'use client';

import {
  type ConsistInput,
  type OpsTrain,
  type TrainStopInput,
  consistSchema,
  timetableSchema,
} from '@fastpass/shared';
import Link from 'next/link';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, ErrorText, Status, invalid, issuesOf } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable } from './OpsTable';
import { PageHeader } from './PageHeader';
import { TimetableEditor } from './TimetableEditor';
import { TrainFares } from './TrainFares';
import { TrainTrips } from './TrainTrips';

/** One train: its timetable and its coaches (both reach trips generated after the change). */
export function TrainPage({ number }: { number: string }) {
  const { data, error, reload } = useOpsData(async (a) => ({
    train: await a.train(number),
    stations: await a.stations(),
    types: await a.coachTypes(),
  }));
  if (!data) {
    return (
      <main>
        <h1>Train {number}</h1>
        <Alert error={error} />
      </main>
    );
  }
  const { train } = data;
  return (
    <main>
      <PageHeader
        title={
          <>
            {train.name} <span className={styles.muted}>#{train.number}</span>
          </>
        }
      >
        <Link href="/ops/trains">All trains</Link>
      </PageHeader>
      <p className={styles.lead}>
        Changes here apply to trips generated from now on. Trips that exist keep their timetable and coaches,
        so sold tickets never move; to give an existing trip without sales the new coaches, name it below.
      </p>
      <TimetableCard key={`t-${train.number}`} train={train} stations={data.stations} onSaved={reload} />
      <ConsistCard
        key={`c-${train.number}`}
        train={train}
        types={data.types.map((t) => ({ code: t.code, name: t.name, seats: t.seats.length, class: t.class }))}
        onSaved={reload}
      />
      <TrainFares train={train} />
      <TrainTrips train={train} />
    </main>
  );
}

function TimetableCard({
  train,
  stations,
  onSaved,
}: {
  train: OpsTrain;
  stations: Awaited<ReturnType<ReturnType<typeof useOps>['api']['stations']>>;
  onSaved: () => void;
}) {
  const { api } = useOps();
  const [name, setName] = useState(train.name);
  const [stops, setStops] = useState<TrainStopInput[]>(train.stops);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = Object.fromEntries(
    Object.entries(issuesOf(timetableSchema, stops)).map(([k, v]) => [k === '' ? 'stops' : `stops.${k}`, v]),
  );
  return (
    <Card id="timetable" title="Name and timetable">
      <div className={styles.formRow}>
        <div className={styles.field}>
          <label htmlFor="train-name">Name</label>
          <input
            id="train-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...invalid('train-name', name.trim() ? undefined : 'required')}
          />
        </div>
      </div>
      <TimetableEditor
        idPrefix="edit"
        stops={stops}
        onChange={setStops}
        stations={stations}
        errors={errors}
      />
      <Alert error={failure} />
      <Status note={saved ? 'Saved. Trips generated from now on follow this timetable.' : null} />
      <button
        type="button"
        className={styles.button}
        disabled={Object.keys(errors).length > 0 || !name.trim()}
        onClick={() =>
          api
            .updateTrain(train.number, { name: name.trim(), stops })
            .then(() => {
              setSaved(true);
              onSaved();
            })
            .catch((e) => setFailure(describeError(e)))
        }
      >
        Save timetable
      </button>
    </Card>
  );
}

function ConsistCard({
  train,
  types,
  onSaved,
}: {
  train: OpsTrain;
  types: Array<{ code: string; name: string; seats: number; class: string }>;
  onSaved: () => void;
}) {
  const { api } = useOps();
  const [coaches, setCoaches] = useState<ConsistInput['coaches']>(
    train.coaches.map((c) => ({ code: c.code, type: c.type ?? c.class })),
  );
  const [trips, setTrips] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const input = { coaches, applyToTrips: trips.split(/[\s,]+/).filter(Boolean) };
  const errors = issuesOf(consistSchema, input);
  const set = (i: number, patch: Partial<ConsistInput['coaches'][number]>) =>
    setCoaches(coaches.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <Card id="consist" title="Coaches (consist)">
      <OpsTable
        caption="Coaches in running order"
        captionClassName="sr-only"
        columns={['#', 'Coach code', 'Layout', 'Actions']}
      >
        {coaches.map((c, i) => {
          const id = `coach-${i}`;
          const err = errors[`coaches.${i}.code`];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a coach row has no identity until saved (its code is being typed)
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <input
                  id={id}
                  aria-label={`Code of coach ${i + 1}`}
                  value={c.code}
                  style={{ width: 90 }}
                  onChange={(e) => set(i, { code: e.target.value.toUpperCase() })}
                  {...invalid(id, err)}
                />
                <ErrorText id={id} error={err} before=" " />
              </td>
              <td>
                <select
                  aria-label={`Layout of coach ${i + 1}`}
                  value={c.type}
                  onChange={(e) => set(i, { type: e.target.value })}
                >
                  {types.map((t) => (
                    <option key={t.code} value={t.code}>
                      {t.name} ({t.class}, {t.seats} seats)
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className={styles.buttonDanger}
                  onClick={() => setCoaches(coaches.filter((_, j) => j !== i))}
                >
                  Remove<span className="sr-only"> coach {i + 1}</span>
                </button>
              </td>
            </tr>
          );
        })}
      </OpsTable>
      {errors.coaches ? <p className={styles.fieldError}>{errors.coaches}</p> : null}
      <p className={styles.formRow}>
        <button
          type="button"
          className={styles.buttonQuiet}
          disabled={types.length === 0}
          onClick={() => setCoaches([...coaches, { code: '', type: types[0]?.code ?? '' }])}
        >
          Add a coach
        </button>
        {types.length === 0 ? (
          <span className={styles.muted}>
            Make a <Link href="/ops/layouts">coach layout</Link> first.
          </span>
        ) : null}
      </p>
      <div className={styles.field}>
        <label htmlFor="apply-trips">
          Also apply to these existing trips (ids, optional; only trips with no sales)
        </label>
        <input id="apply-trips" value={trips} onChange={(e) => setTrips(e.target.value)} />
      </div>
      <Alert error={failure} />
      <Status note={note} />
      <p>
        <button
          type="button"
          className={styles.button}
          disabled={Object.keys(errors).length > 0}
          onClick={() => {
            setFailure(null);
            api
              .setConsist(train.number, input)
              .then((r) => {
                onSaved();
                setNote(
                  `Saved: ${r.coaches.length} coaches${r.appliedTo.length ? `, applied to ${r.appliedTo.join(', ')}` : ''}.`,
                );
              })
              .catch((e) => setFailure(describeError(e)));
          }}
        >
          Save coaches
        </button>
      </p>
    </Card>
  );
}
