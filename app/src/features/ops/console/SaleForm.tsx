'use client';

import { type TripSummary, zonedDate } from '@fastpass/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { TIME_ZONE } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import styles from './console.module.css';
import { Alert, InputField } from './form';
import { describeError } from './ops-api';
import { useOps } from './OpsContext';

const localInput = (d: Date) =>
  new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A new sale over chosen trips of one date: its window, waiting room and admission rate. */
export function SaleForm({ onCreated }: { onCreated: () => void }) {
  const { api: ops } = useOps();
  const api = useApi();
  // Tomorrow where the trains run: the operator's browser may keep another zone's date (or UTC's).
  const [date, setDate] = useState(() => zonedDate(TIME_ZONE, 1));
  // Each list is kept with its date, so while another date's trips load none of the last one's can be
  // ticked (their labels are alike: a train runs every day).
  const [loaded, setLoaded] = useState<{ date: string; trips: TripSummary[] } | null>(null);
  const trips = loaded?.date === date ? loaded.trips : [];
  const [chosen, setChosen] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [opensAt, setOpensAt] = useState(localInput(new Date()));
  const [closesAt, setClosesAt] = useState('');
  const [queue, setQueue] = useState(false);
  const [verifiedOnly, setVerifiedOnly] = useState(false);
  const [rate, setRate] = useState('600');
  const [failure, setFailure] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    let stop = false;
    api
      .trips({ date })
      .then((t) => !stop && setLoaded({ date, trips: t }))
      .catch(() => !stop && setLoaded({ date, trips: [] }));
    setChosen([]);
    return () => {
      stop = true;
    };
  }, [api, date]);

  const errors: Record<string, string> = {};
  if (!name.trim()) errors.name = 'required';
  if (chosen.length === 0) errors.trips = 'choose at least one trip';
  if (closesAt && opensAt && Date.parse(closesAt) <= Date.parse(opensAt))
    errors.closesAt = 'must be after the opening';
  if (!/^\d+$/.test(rate) || Number(rate) < 1) errors.rate = 'a whole number, at least 1';
  const shown = touched ? errors : {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length) return;
    setFailure(null);
    try {
      await ops.createSale({
        name: name.trim(),
        tripIds: chosen,
        opensAt: opensAt ? new Date(opensAt).toISOString() : null,
        closesAt: closesAt ? new Date(closesAt).toISOString() : null,
        queue,
        verifiedOnly,
        admitPerMinute: Number(rate),
      });
      setName('');
      setChosen([]);
      setTouched(false);
      onCreated();
    } catch (err) {
      setFailure(describeError(err));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className={styles.formRow}>
        <InputField id="sale-name" label="Name" error={shown.name} value={name} onValue={setName} />
        <InputField id="sale-date" label="Trips on" type="date" value={date} onValue={setDate} />
        <InputField
          id="sale-opens"
          label="Opens"
          type="datetime-local"
          value={opensAt}
          onValue={setOpensAt}
        />
        <InputField
          id="sale-closes"
          label="Closes (optional)"
          error={shown.closesAt}
          type="datetime-local"
          value={closesAt}
          onValue={setClosesAt}
        />
        <InputField
          id="sale-rate"
          label="Admit per minute"
          error={shown.rate}
          inputMode="numeric"
          value={rate}
          style={{ width: 100 }}
          onValue={setRate}
        />
      </div>
      <p>
        <label style={{ marginRight: 16 }}>
          <input type="checkbox" checked={queue} onChange={(e) => setQueue(e.target.checked)} /> Waiting room
        </label>
        <label>
          <input type="checkbox" checked={verifiedOnly} onChange={(e) => setVerifiedOnly(e.target.checked)} />{' '}
          Verified passengers only
        </label>
      </p>
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend>Trips</legend>
        {loaded?.date !== date ? (
          <p className={styles.muted}>Loading the trips on {date}…</p>
        ) : trips.length === 0 ? (
          <p className={styles.muted}>No trips on {date}.</p>
        ) : null}
        {trips.map((t) => (
          <label key={t.id} style={{ display: 'block' }}>
            <input
              type="checkbox"
              checked={chosen.includes(t.id)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, t.id] : chosen.filter((x) => x !== t.id))
              }
            />{' '}
            {t.trainName} #{t.trainNumber} · {t.from} → {t.to} ·{' '}
            {t.sale?.id === 'regular' ? 'regular sale' : `in ${t.sale?.id}`}
          </label>
        ))}
        {shown.trips ? <span className={styles.fieldError}>{shown.trips}</span> : null}
      </fieldset>
      <Alert error={failure} />
      <button type="submit" className={styles.button}>
        Create sale
      </button>
    </form>
  );
}
