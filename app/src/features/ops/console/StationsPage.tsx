'use client';

import { type OpsStation, stationCreateSchema, stationPatchSchema } from '@fastpass/shared';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, ErrorText, InputField, SearchBox, Status, invalid, issuesOf, matches } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable, counted, numeric } from './OpsTable';
import { PageHeader } from './PageHeader';
import { useOpsForm } from './use-ops-form';

/** Stations: add, rename in place, and delete the ones no train stops at. */
export function StationsPage() {
  const { api } = useOps();
  const { data, error, reload } = useOpsData((a) => a.stations());
  const [q, setQ] = useState('');
  const [draft, setDraft] = useState({ code: '', name: '' });
  const [done, setDone] = useState<string | null>(null);
  const form = useOpsForm(stationCreateSchema, draft);
  const { errors } = form;
  const add = form.submit(async () => {
    const s = await api.createStation({ code: draft.code.trim(), name: draft.name.trim() });
    setDone(`Station ${s.code} added.`);
    setDraft({ code: '', name: '' });
    form.reset();
    reload();
  });

  return (
    <main>
      <PageHeader title="Stations">
        <SearchBox label="Search stations" value={q} onChange={setQ} />
      </PageHeader>
      <Card id="add-station" title="Add a station">
        <form className={styles.formRow} onSubmit={add} noValidate>
          <InputField
            id="st-code"
            label="Code"
            error={errors.code}
            value={draft.code}
            maxLength={8}
            autoCapitalize="characters"
            onValue={(code) => setDraft({ ...draft, code: code.toUpperCase() })}
            onBlur={form.touch}
          />
          <InputField
            id="st-name"
            label="Name"
            error={errors.name}
            value={draft.name}
            onValue={(name) => setDraft({ ...draft, name })}
          />
          <button type="submit" className={styles.button}>
            Add station
          </button>
        </form>
        <Alert error={form.failure} />
        <Status note={done} />
      </Card>
      <Alert error={error} />
      <OpsTable
        caption={counted(data, (n) => `${n} stations`)}
        columns={['Code', 'Name', numeric('Trains stopping'), 'Actions']}
      >
        {(data ?? [])
          .filter((s) => matches(q, s.code, s.name))
          .map((s) => (
            <StationRow key={s.code} station={s} onChanged={reload} />
          ))}
      </OpsTable>
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
        <ErrorText id={id} error={error} before=" " />
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
