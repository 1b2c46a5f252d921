'use client';

import { type OpsStation, stationCreateSchema, stationPatchSchema } from '@fastpass/shared';
import { type FormEvent, useState } from 'react';
import styles from './console.module.css';
import { Alert, Field, SearchBox, invalid, issuesOf, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';

/** Stations: add, rename in place, and delete the ones no train stops at. */
export function StationsPage() {
  const { api } = useOps();
  const { data, error, reload } = useOpsData((a) => a.stations());
  const [q, setQ] = useState('');
  const [draft, setDraft] = useState({ code: '', name: '' });
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = touched ? issuesOf(stationCreateSchema, draft) : {};

  async function add(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(issuesOf(stationCreateSchema, draft)).length) return;
    setFailure(null);
    try {
      const s = await api.createStation({ code: draft.code.trim(), name: draft.name.trim() });
      setDone(`Station ${s.code} added.`);
      setDraft({ code: '', name: '' });
      setTouched(false);
      reload();
    } catch (err) {
      setFailure(describeError(err));
    }
  }

  return (
    <main>
      <div className={styles.header}>
        <h1>Stations</h1>
        <SearchBox label="Search stations" value={q} onChange={setQ} />
      </div>
      <section className={styles.card} aria-labelledby="add-station">
        <h2 id="add-station">Add a station</h2>
        <form className={styles.formRow} onSubmit={add} noValidate>
          <Field id="st-code" label="Code" error={errors.code}>
            <input
              id="st-code"
              value={draft.code}
              maxLength={8}
              autoCapitalize="characters"
              onChange={(e) => setDraft({ ...draft, code: e.target.value.toUpperCase() })}
              onBlur={() => setTouched(true)}
              {...invalid('st-code', errors.code)}
            />
          </Field>
          <Field id="st-name" label="Name" error={errors.name}>
            <input
              id="st-name"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              {...invalid('st-name', errors.name)}
            />
          </Field>
          <button type="submit" className={styles.button}>
            Add station
          </button>
        </form>
        <Alert error={failure} />
        {done ? (
          <p className={styles.note} role="status">
            {done}
          </p>
        ) : null}
      </section>
      <Alert error={error} />
      <table className={styles.table}>
        <caption>{data ? `${data.length} stations` : 'Loading…'}</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col" className={styles.num}>
              Trains stopping
            </th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? [])
            .filter((s) => matches(q, s.code, s.name))
            .map((s) => (
              <StationRow key={s.code} station={s} onChanged={reload} />
            ))}
        </tbody>
      </table>
    </main>
  );
}

function StationRow({ station, onChanged }: { station: OpsStation; onChanged: () => void }) {
  const { api } = useOps();
  const [name, setName] = useState(station.name);
  const [failure, setFailure] = useState<string | null>(null);
  const id = `name-${station.code}`;
  const error = issuesOf(stationPatchSchema, { name }).name;
  const changed = name.trim() !== station.name;
  return (
    <tr data-station={station.code}>
      <th scope="row">{station.code}</th>
      <td>
        <input
          id={id}
          aria-label={`Name of ${station.code}`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          {...invalid(id, error)}
        />
        {error ? (
          <span id={`${id}-err`} className={styles.fieldError}>
            {' '}
            {error}
          </span>
        ) : null}
        {failure ? (
          <span role="alert" className={styles.fieldError}>
            {' '}
            {failure}
          </span>
        ) : null}
      </td>
      <td className={styles.num}>{station.trains}</td>
      <td className={styles.actions}>
        <button
          type="button"
          className={styles.buttonQuiet}
          disabled={!changed || Boolean(error)}
          onClick={() =>
            api
              .renameStation(station.code, name.trim())
              .then(onChanged)
              .catch((e) => setFailure(describeError(e)))
          }
        >
          Save
        </button>
        <button
          type="button"
          className={styles.buttonDanger}
          disabled={station.trains > 0}
          title={station.trains > 0 ? 'Trains stop here' : undefined}
          onClick={() =>
            api
              .deleteStation(station.code)
              .then(onChanged)
              .catch((e) => setFailure(describeError(e)))
          }
        >
          Delete <span className="sr-only">{station.code}</span>
        </button>
      </td>
    </tr>
  );
}
