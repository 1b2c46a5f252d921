'use client';

import type { OpsSaleFigures, SaleDetails } from '@fastpass/shared';
import { useState } from 'react';
import { Card } from './Card';
import styles from './console.module.css';
import { Alert } from './form';
import { toMajor } from './money';
import { describeError } from './ops-api';
import { useOps, useOpsData } from './OpsContext';
import { PageHeader } from './PageHeader';
import { SaleForm } from './SaleForm';

/**
 * The sale control panel: every sale with its live figures (pushed over the socket each second, across
 * all instances) and the buttons that open, pause, resume and close it at once.
 */
export function SalesPage() {
  const { api, sales: live } = useOps();
  const { data, error, reload } = useOpsData((a) => a.sales());
  const [failure, setFailure] = useState<string | null>(null);
  const figures = new Map(live?.sales.map((f) => [f.saleId, f]) ?? []);
  const act = (id: string, state: 'open' | 'paused' | 'closed') =>
    api
      .patchSale(id, { state })
      .then(reload)
      .catch((e) => setFailure(describeError(e)));

  return (
    <main>
      <PageHeader title="Sales">
        <p className={styles.muted} role="status">
          Serving mode:{' '}
          <strong className={live?.mode === 'database' ? styles.state_paused : styles.state_open}>
            {live ? (live.mode === 'cache' ? 'cache (Redis)' : 'database (degraded)') : '…'}
          </strong>
          {live ? ` · updated ${new Date(live.at).toLocaleTimeString()}` : null}
        </p>
      </PageHeader>
      <Alert error={error ?? failure} />
      {(data ?? []).map((s) => (
        <SaleCard key={s.id} sale={s} live={figures.get(s.id)} onAct={act} onSaved={reload} />
      ))}
      <Card id="new-sale" title="New sale">
        <SaleForm onCreated={reload} />
      </Card>
    </main>
  );
}

function SaleCard({
  sale,
  live,
  onAct,
  onSaved,
}: {
  sale: SaleDetails;
  live?: OpsSaleFigures;
  onAct: (id: string, state: 'open' | 'paused' | 'closed') => void;
  onSaved: () => void;
}) {
  const { api } = useOps();
  const state = live?.state ?? sale.state;
  const [rate, setRate] = useState(String(sale.admitPerMinute));
  const [failure, setFailure] = useState<string | null>(null);
  const rateOk = /^\d+$/.test(rate) && Number(rate) >= 1;
  const tile = (label: string, value: string, testId?: string) => (
    <div className={styles.tile}>
      <span>{label}</span>
      <strong data-testid={testId}>{value}</strong>
    </div>
  );
  return (
    <section className={styles.card} aria-labelledby={`sale-${sale.id}`} data-sale={sale.id}>
      <div className={styles.header}>
        <h2 id={`sale-${sale.id}`}>
          {sale.name} <span className={`${styles.badge} ${styles[`state_${state}`]}`}>{state}</span>
        </h2>
        <div className={styles.actions}>
          {state === 'upcoming' || state === 'closed' ? (
            <button type="button" className={styles.button} onClick={() => onAct(sale.id, 'open')}>
              Open now<span className="sr-only"> {sale.name}</span>
            </button>
          ) : null}
          {state === 'open' ? (
            <button type="button" className={styles.buttonQuiet} onClick={() => onAct(sale.id, 'paused')}>
              Pause<span className="sr-only"> {sale.name}</span>
            </button>
          ) : null}
          {state === 'paused' ? (
            <button type="button" className={styles.button} onClick={() => onAct(sale.id, 'open')}>
              Resume<span className="sr-only"> {sale.name}</span>
            </button>
          ) : null}
          {state !== 'closed' ? (
            <button type="button" className={styles.buttonDanger} onClick={() => onAct(sale.id, 'closed')}>
              Close<span className="sr-only"> {sale.name}</span>
            </button>
          ) : null}
        </div>
      </div>
      <p className={styles.muted}>
        {sale.id === 'regular' ? 'Every trip not in another sale' : `${sale.tripIds.length} trip(s)`} · opens{' '}
        {sale.opensAt ? new Date(sale.opensAt).toLocaleString() : 'any time'} · closes{' '}
        {sale.closesAt ? new Date(sale.closesAt).toLocaleString() : 'at departure'}
        {sale.queue ? ' · waiting room' : ''}
        {sale.verifiedOnly ? ' · verified only' : ''}
      </p>
      <div className={styles.tiles} aria-live="off">
        {tile('Queue length', live ? String(live.queueLength) : '…', `queue-${sale.id}`)}
        {tile('Admitted / s', live ? live.admittedPerSec.toFixed(1) : '…')}
        {tile('Holds / s', live ? live.holdsPerSec.toFixed(1) : '…', `holds-${sale.id}`)}
        {tile('Conflicts / s', live ? live.conflictsPerSec.toFixed(1) : '…')}
        {tile('Sold', live ? `${live.soldPct.toFixed(1)} %` : '…', `sold-${sale.id}`)}
        {tile('Revenue', live ? `৳ ${toMajor(live.revenueMinor)}` : '…', `revenue-${sale.id}`)}
      </div>
      {sale.queue ? (
        <div className={styles.formRow}>
          <div className={styles.field}>
            <label htmlFor={`rate-${sale.id}`}>Admit per minute</label>
            <input
              id={`rate-${sale.id}`}
              inputMode="numeric"
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              aria-invalid={!rateOk}
            />
          </div>
          <button
            type="button"
            className={styles.buttonQuiet}
            disabled={!rateOk || Number(rate) === sale.admitPerMinute}
            onClick={() =>
              api
                .patchSale(sale.id, { admitPerMinute: Number(rate) })
                .then(onSaved)
                .catch((e) => setFailure(describeError(e)))
            }
          >
            Set rate
          </button>
        </div>
      ) : null}
      <Alert error={failure} />
    </section>
  );
}
