'use client';

import { useState } from 'react';
import styles from './console.module.css';
import { Alert, SearchBox, matches } from './form';
import { useOpsData } from './OpsContext';
import { OpsTable, counted } from './OpsTable';
import { PageHeader } from './PageHeader';

const short = (v: unknown) => {
  const text = v === undefined ? '—' : JSON.stringify(v);
  return text.length > 90 ? `${text.slice(0, 87)}…` : text;
};

/** What changed, field by field (top level): `name: "A" → "B"`; a creation or deletion shows the whole. */
function changes(before: unknown, after: unknown): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (before === null || before === undefined) return [`created ${short(after)}`];
  if (after === null || after === undefined) return [`deleted ${short(before)}`];
  if (!isObj(before) || !isObj(after)) return [`${short(before)} → ${short(after)}`];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k}: ${short(before[k])} → ${short(after[k])}`);
}

/** Every operator action: who, what, and the state before and after. */
export function AuditPage() {
  const { data, error } = useOpsData((a) => a.audit());
  const [q, setQ] = useState('');
  return (
    <main>
      <PageHeader title="Audit log">
        <SearchBox label="Search the audit log" value={q} onChange={setQ} />
      </PageHeader>
      <Alert error={error} />
      <OpsTable
        caption={counted(data, (n) => `Latest ${n} actions`)}
        columns={['When', 'Who', 'Action', 'What', 'Change']}
      >
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
                <ul className={styles.changes}>
                  {changes(e.before, e.after).map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
                <details>
                  <summary>Before and after</summary>
                  <pre className={styles.pre}>
                    {JSON.stringify({ before: e.before, after: e.after }, null, 1)}
                  </pre>
                </details>
              </td>
            </tr>
          ))}
      </OpsTable>
    </main>
  );
}
