'use client';

import type { OpsTrain } from '@fastpass/shared';
import { useState } from 'react';
import { formatTime } from '@/lib/format';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert, Status } from './form';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { OpsTable, numeric } from './OpsTable';

/** The train's trips from yesterday on; a trip can be cancelled (its orders are cancelled, watchers told). */
export function TrainTrips({ train }: { train: OpsTrain }) {
  const { api } = useOps();
  const { data, error, reload } = useOpsData((a) => a.trainTrips(train.number));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  return (
    <Card id="trips" title="Trips">
      <Alert error={error ?? failure} />
      <Status note={note} />
      <OpsTable columns={['Trip', 'Date', 'Departs', 'Sale', 'Coaches', numeric('Tickets'), 'Status']}>
        {(data ?? []).map((t) => (
          <tr key={t.id} data-trip={t.id}>
            <th scope="row">{t.id}</th>
            <td>{t.date}</td>
            <td>{formatTime(t.departsAt)}</td>
            <td>{t.saleId}</td>
            <td>{t.consistId === train.consistId ? 'current' : 'earlier layout'}</td>
            <td className={styles.num}>{t.tickets}</td>
            <td>
              {t.status === 'cancelled' ? (
                <span className={`${styles.badge} ${styles.state_closed}`}>cancelled</span>
              ) : confirming === t.id ? (
                <span className={styles.actions}>
                  <button
                    type="button"
                    className={styles.buttonDanger}
                    onClick={() =>
                      api
                        .cancelTrip(t.id)
                        .then((r) => {
                          setNote(`Trip ${t.id} cancelled; ${r.ordersCancelled} order(s) cancelled.`);
                          setConfirming(null);
                          reload();
                        })
                        .catch((e) => setFailure(describeError(e)))
                    }
                  >
                    Yes, cancel {t.id}
                  </button>
                  <button type="button" className={styles.buttonQuiet} onClick={() => setConfirming(null)}>
                    Keep it
                  </button>
                </span>
              ) : (
                <button type="button" className={styles.buttonQuiet} onClick={() => setConfirming(t.id)}>
                  Cancel trip<span className="sr-only"> {t.id}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </OpsTable>
      {data && data.length === 0 ? <p className={styles.muted}>No trips yet: add a schedule.</p> : null}
    </Card>
  );
}
