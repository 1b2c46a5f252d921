'use client';

import type { Trip } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import styles from './kiosk.module.css';

/** Big buttons for every stop after this station: no typing needed. */
export function DestinationPicker(props: {
  trip: Trip;
  station: string;
  names: Record<string, string>;
  onPick: (to: string) => void;
  onBack: () => void;
}) {
  const t = useTranslations('kiosk');
  const f = useFormat();
  const trainName = useTrainName();
  const i = props.trip.stops.findIndex((s) => s.station === props.station);
  const later = props.trip.stops.slice(i + 1);
  return (
    <section aria-labelledby="dest-title">
      <button type="button" className={styles.back} onClick={props.onBack}>
        {t('back')}
      </button>
      <h1 id="dest-title" className={styles.boardTitle}>
        {t('whereTo', { train: trainName(props.trip) })}
      </h1>
      <ul className={styles.destinations}>
        {later.map((s) => (
          <li key={s.station}>
            <button
              type="button"
              className={styles.dest}
              data-destination={s.station}
              onClick={() => props.onPick(s.station)}
            >
              <strong>{props.names[s.station] ?? s.station}</strong>
              <span>{t('arrives', { time: f.time(s.arrivesAt) })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
