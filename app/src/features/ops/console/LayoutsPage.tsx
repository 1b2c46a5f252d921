'use client';

import type { CoachTypeInput } from '@fastpass/shared';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, SearchBox, Status, matches } from './form';
import { LayoutEditor, filledSeats } from './LayoutEditor';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable, counted, numeric } from './OpsTable';
import { PageHeader } from './PageHeader';

const blank = (cls: string): CoachTypeInput => ({
  code: '',
  name: '',
  class: cls,
  rows: 10,
  cols: 4,
  aisleAfter: [2],
  seats: filledSeats(10, 4),
});

/** Coach layouts: reusable grids a train's coaches are built from. */
export function LayoutsPage() {
  const { api } = useOps();
  const { data, error, reload } = useOpsData(async (a) => ({
    types: await a.coachTypes(),
    fares: await a.fares(),
  }));
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<{ value: CoachTypeInput; existing: boolean } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const classes = data?.fares.classes.map((c) => c.class) ?? [];

  const save = () => {
    if (!editing) return;
    setFailure(null);
    const call = editing.existing ? api.replaceCoachType(editing.value) : api.createCoachType(editing.value);
    call
      .then((t) => {
        setNote(`Layout ${t.code} saved. Trains get it when their coaches are saved again.`);
        setEditing(null);
        reload();
      })
      .catch((e) => setFailure(describeError(e)));
  };

  return (
    <main>
      <PageHeader title="Coach layouts">
        <div className={styles.actions}>
          <SearchBox label="Search layouts" value={q} onChange={setQ} />
          <button
            type="button"
            className={styles.button}
            disabled={classes.length === 0}
            onClick={() => {
              setNote(null);
              setEditing({ value: blank(classes[0] ?? ''), existing: false });
            }}
          >
            New layout
          </button>
        </div>
      </PageHeader>
      <Alert error={error} />
      <Status note={note} />
      {editing ? (
        <Card
          id="layout-editor"
          title={editing.existing ? `Edit layout ${editing.value.code}` : 'New layout'}
        >
          <LayoutEditor
            value={editing.value}
            onChange={(value) => setEditing({ ...editing, value })}
            classes={classes}
            codeLocked={editing.existing}
            failure={failure}
            onSubmit={save}
            submitLabel={editing.existing ? 'Save layout' : 'Create layout'}
          />
          <p>
            <button type="button" className={styles.buttonQuiet} onClick={() => setEditing(null)}>
              Close the editor
            </button>
          </p>
        </Card>
      ) : null}
      <OpsTable
        caption={counted(data?.types, (n) => `${n} layouts`)}
        columns={['Code', 'Name', 'Class', 'Grid', numeric('Seats'), numeric('Wheelchair spaces'), 'Actions']}
      >
        {(data?.types ?? [])
          .filter((t) => matches(q, t.code, t.name, t.class))
          .map((t) => (
            <tr key={t.code}>
              <th scope="row">{t.code}</th>
              <td>{t.name}</td>
              <td>{t.class}</td>
              <td>
                {t.rows} × {t.cols}
              </td>
              <td className={styles.num}>{t.seats.length}</td>
              <td className={styles.num}>{t.seats.filter((s) => s.access.includes('wheelchair')).length}</td>
              <td className={styles.actions}>
                <button
                  type="button"
                  className={styles.buttonQuiet}
                  onClick={() => setEditing({ value: t, existing: true })}
                >
                  Edit<span className="sr-only"> {t.code}</span>
                </button>
                <button
                  type="button"
                  className={styles.buttonQuiet}
                  onClick={() =>
                    setEditing({ value: { ...t, code: '', name: `${t.name} (copy)` }, existing: false })
                  }
                >
                  Copy<span className="sr-only"> {t.code}</span>
                </button>
                <button
                  type="button"
                  className={styles.buttonDanger}
                  onClick={() =>
                    api
                      .deleteCoachType(t.code)
                      .then(reload)
                      .catch((e) => setFailure(describeError(e)))
                  }
                >
                  Delete<span className="sr-only"> {t.code}</span>
                </button>
              </td>
            </tr>
          ))}
      </OpsTable>
    </main>
  );
}
