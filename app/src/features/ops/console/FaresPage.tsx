'use client';

import { classInput } from '@fastpass/shared';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, InputField, issuesOf } from './form';
import { toMajor, toMinor, validMoney } from './money';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable } from './OpsTable';
import { PageHeader } from './PageHeader';

/** Class fares (base + per km); per-train overrides are set on each train's page. */
export function FaresPage() {
  const { api } = useOps();
  const { data, error, reload } = useOpsData((a) => a.fares());
  const [failure, setFailure] = useState<string | null>(null);
  const [draft, setDraft] = useState({ cls: '', base: '', perKm: '' });
  const clsError = draft.cls ? issuesOf(classInput, draft.cls)[''] : undefined;
  return (
    <main>
      <PageHeader title="Fares" />
      <p className={styles.lead}>
        A journey costs base + per km × km in its class, in taka. A change prices purchases made after it;
        sold tickets keep their fare.
      </p>
      <Alert error={error ?? failure} />
      <OpsTable columns={['Class', 'Base (৳)', 'Per km (৳)', 'Train overrides', 'Actions']}>
        {(data?.classes ?? []).map((c) => (
          <ClassFare
            key={`${c.class}-${c.baseMinor}-${c.perKmMinor}`}
            fare={c}
            overrides={(data?.overrides ?? []).filter((o) => o.class === c.class).map((o) => o.trainNumber)}
            onSaved={reload}
            onError={setFailure}
          />
        ))}
      </OpsTable>
      <Card id="new-class" title="New fare class" style={{ marginTop: 16 }}>
        <div className={styles.formRow}>
          <InputField
            id="fc-class"
            label="Class"
            error={clsError}
            value={draft.cls}
            onValue={(cls) => setDraft({ ...draft, cls: cls.toUpperCase() })}
          />
          <InputField
            id="fc-base"
            label="Base (৳)"
            inputMode="decimal"
            value={draft.base}
            onValue={(base) => setDraft({ ...draft, base })}
          />
          <InputField
            id="fc-km"
            label="Per km (৳)"
            inputMode="decimal"
            value={draft.perKm}
            onValue={(perKm) => setDraft({ ...draft, perKm })}
          />
          <button
            type="button"
            className={styles.button}
            disabled={!draft.cls || Boolean(clsError) || !validMoney(draft.base) || !validMoney(draft.perKm)}
            onClick={() =>
              api
                .setFare(draft.cls, {
                  baseMinor: toMinor(draft.base),
                  perKmMinor: toMinor(draft.perKm),
                  currency: 'BDT',
                })
                .then(() => {
                  setDraft({ cls: '', base: '', perKm: '' });
                  reload();
                })
                .catch((e) => setFailure(describeError(e)))
            }
          >
            Add class
          </button>
        </div>
      </Card>
    </main>
  );
}

function ClassFare({
  fare,
  overrides,
  onSaved,
  onError,
}: {
  fare: { class: string; baseMinor: number; perKmMinor: number; currency: string };
  overrides: string[];
  onSaved: () => void;
  onError: (e: string) => void;
}) {
  const { api } = useOps();
  const [base, setBase] = useState(toMajor(fare.baseMinor));
  const [perKm, setPerKm] = useState(toMajor(fare.perKmMinor));
  const ok = validMoney(base) && validMoney(perKm);
  const changed = toMinor(base) !== fare.baseMinor || toMinor(perKm) !== fare.perKmMinor;
  return (
    <tr>
      <th scope="row">{fare.class}</th>
      <td>
        <input
          aria-label={`${fare.class} base fare`}
          inputMode="decimal"
          value={base}
          onChange={(e) => setBase(e.target.value)}
          aria-invalid={!validMoney(base)}
        />
      </td>
      <td>
        <input
          aria-label={`${fare.class} fare per km`}
          inputMode="decimal"
          value={perKm}
          onChange={(e) => setPerKm(e.target.value)}
          aria-invalid={!validMoney(perKm)}
        />
      </td>
      <td>{overrides.length ? overrides.join(', ') : <span className={styles.muted}>none</span>}</td>
      <td>
        <button
          type="button"
          className={styles.buttonQuiet}
          disabled={!ok || !changed}
          onClick={() =>
            api
              .setFare(fare.class, {
                baseMinor: toMinor(base),
                perKmMinor: toMinor(perKm),
                currency: fare.currency,
              })
              .then(onSaved)
              .catch((e) => onError(describeError(e)))
          }
        >
          Save<span className="sr-only"> {fare.class}</span>
        </button>
      </td>
    </tr>
  );
}
