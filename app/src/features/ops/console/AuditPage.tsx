'use client';

import { useState } from 'react';
import styles from './console.module.css';
import { Alert, SearchBox, matches } from './form';
import { useOpsData } from './OpsContext';

const show = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 1));

/** Every operator action: who, what, and the state before and after. */
export function AuditPage() {
  const { data, error } = useOpsData((a) => a.audit());
  const [q, setQ] = useState('');
  return (
    <main>
      <div className={styles.header}>
        <h1>Audit log</h1>
        <SearchBox label="Search the audit log" value={q} onChange={setQ} />
      </div>
      <Alert error={error} />
      <table className={styles.table}>
        <caption>{data ? `Latest ${data.length} actions` : 'Loading…'}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? [])
            .filter((e) => matches(q, e.actor, e.action, e.resource, e.resourceId))
            .map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>
                  {e.resource} {e.resourceId}
                </td>
                <td>
                  <pre className={styles.pre}>{show(e.before)}</pre>
                </td>
                <td>
                  <pre className={styles.pre}>{show(e.after)}</pre>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </main>
  );
}
