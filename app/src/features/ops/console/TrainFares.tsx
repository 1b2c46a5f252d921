'use client';

import type { OpsTrain } from '@fastpass/shared';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert } from './form';
import { toMajor, toMinor, validMoney } from './money';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable } from './OpsTable';

/** This train's fare overrides per class; a class without one sells at the class fare. */
export function TrainFares({ train }: { train: OpsTrain }) {
  const { data, error, reload } = useOpsData((a) => a.fares());
  const classes = [...new Set(train.coaches.map((c) => c.class))];
  return (
    <Card id="train-fares" title="Fares on this train">
      <Alert error={error} />
      <OpsTable
        columns={['Class', 'Class fare (base + per km)', 'This train: base', 'This train: per km', 'Actions']}
      >
        {data
          ? classes.map((cls) => {
              const base = data.classes.find((c) => c.class === cls);
              const own = data.overrides.find((o) => o.trainNumber === train.number && o.class === cls);
              return (
                <FareRow
                  key={`${cls}-${own?.baseMinor}-${own?.perKmMinor}`}
                  train={train.number}
                  cls={cls}
                  classFare={
                    base
                      ? `${toMajor(base.baseMinor)} + ${toMajor(base.perKmMinor)}/km ${base.currency}`
                      : 'not set'
                  }
                  own={own}
                  onSaved={reload}
                />
              );
            })
          : null}
      </OpsTable>
      {classes.length === 0 ? <p className={styles.muted}>Add coaches to set fares per class.</p> : null}
    </Card>
  );
}

function FareRow({
  train,
  cls,
  classFare,
  own,
  onSaved,
}: {
  train: string;
  cls: string;
  classFare: string;
  own?: { baseMinor: number; perKmMinor: number };
  onSaved: () => void;
}) {
  const { api } = useOps();
  const [base, setBase] = useState(own ? toMajor(own.baseMinor) : '');
  const [perKm, setPerKm] = useState(own ? toMajor(own.perKmMinor) : '');
  const [failure, setFailure] = useState<string | null>(null);
  const ok = validMoney(base) && validMoney(perKm);
  const id = `fare-${cls}`;
  return (
    <tr>
      <th scope="row">{cls}</th>
      <td>{classFare}</td>
      <td>
        <input
          id={`${id}-base`}
          aria-label={`${cls} base fare on this train`}
          value={base}
          inputMode="decimal"
          onChange={(e) => setBase(e.target.value)}
          aria-invalid={Boolean(base) && !validMoney(base)}
        />
      </td>
      <td>
        <input
          id={`${id}-km`}
          aria-label={`${cls} fare per km on this train`}
          value={perKm}
          inputMode="decimal"
          onChange={(e) => setPerKm(e.target.value)}
          aria-invalid={Boolean(perKm) && !validMoney(perKm)}
        />
        <Alert error={failure} />
      </td>
      <td className={styles.actions}>
        <button
          type="button"
          className={styles.buttonQuiet}
          disabled={!ok}
          onClick={() =>
            api
              .setTrainFare(train, cls, { baseMinor: toMinor(base), perKmMinor: toMinor(perKm) })
              .then(onSaved)
              .catch((e) => setFailure(describeError(e)))
          }
        >
          Save<span className="sr-only"> {cls} fare</span>
        </button>
        {own ? (
          <button
            type="button"
            className={styles.buttonDanger}
            onClick={() =>
              api
                .deleteTrainFare(train, cls)
                .then(onSaved)
                .catch((e) => setFailure(describeError(e)))
            }
          >
            Use class fare<span className="sr-only"> for {cls}</span>
          </button>
        ) : null}
      </td>
    </tr>
  );
}
