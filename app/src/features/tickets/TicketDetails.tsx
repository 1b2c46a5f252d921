'use client';

import type { Order } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useClassLabel } from '@/features/seat-map/CoachTabs';
import { useStationNames, useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { useStations } from '@/lib/use-stations';
import styles from './tickets.module.css';

/** What a ticket says: PNR, journey, seats, coach, fare. */
export function TicketDetails({ order }: { order: Order }) {
  const t = useTranslations('tickets');
  const f = useFormat();
  const classLabel = useClassLabel();
  const trainName = useTrainName();
  const names = useStationNames(useStations());
  return (
    <div className={styles.details}>
      <p className={styles.pnr}>
        {t('pnr')} <strong data-testid="pnr">{order.pnr}</strong>
        <span className={`${styles.status} ${styles[order.status] ?? ''}`} data-status={order.status}>
          {t(`status.${order.status}`)}
        </span>
      </p>
      <p className={styles.journey}>
        {order.trainName ? `${trainName(order)} #${order.trainNumber ?? ''} · ` : ''}
        <strong>
          {names[order.from] ?? order.from} {f.time(order.departsAt)} → {names[order.to] ?? order.to}{' '}
          {f.time(order.arrivesAt)}
        </strong>
        {order.date ? ` · ${f.date(order.date)}` : ''}
      </p>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">{t('seat')}</th>
            <th scope="col">{t('passenger')}</th>
            <th scope="col" className={styles.num}>
              {t('fare')}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.tickets.map((ticket) => (
            <tr key={ticket.seatId} data-ticket-seat={ticket.seatId}>
              <td>
                {ticket.coach ? t('coach', { coach: ticket.coach }) : ''}
                {ticket.seatId}
                {ticket.class ? <span className={styles.muted}> · {classLabel(ticket.class)}</span> : null}
              </td>
              <td>
                {ticket.passengerName}
                {ticket.cancelled ? <span className={styles.muted}> · {t('seatCancelled')}</span> : null}
                {ticket.boardedAt ? <span className={styles.muted}> · {t('boarded')}</span> : null}
              </td>
              <td className={styles.num}>{f.money(ticket.fare, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('total')}
            </th>
            <td className={styles.num}>
              <strong>{f.money(order.total, order.currency)}</strong>
            </td>
          </tr>
          {order.refunded ? (
            <tr>
              <th scope="row" colSpan={2}>
                {t('refunded')}
              </th>
              <td className={styles.num} data-testid="refunded">
                {f.money(order.refunded, order.currency)}
              </td>
            </tr>
          ) : null}
        </tfoot>
      </table>
    </div>
  );
}

/**
 * What an order's single QR code carries where only one fits (the kiosk's receipt screen): the first
 * passenger's signed token. The ticket page shows one QR per passenger.
 */
export function qrPayload(order: Order): string {
  return order.tickets.find((t) => t.qr)?.qr ?? order.pnr;
}
