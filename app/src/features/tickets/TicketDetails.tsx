'use client';

import type { Order } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useClassLabel } from '@/features/seat-map/CoachTabs';
import { useStationNames, useTrainName } from '@/i18n/names';
import { useFormat } from '@/i18n/prefs';
import { useStations } from '@/lib/use-stations';
import { FareTable } from './FareTable';
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
      <FareTable
        className={styles.fares}
        columns={[t('seat'), t('passenger'), t('fare')]}
        lineAttribute="data-ticket-seat"
        lines={order.tickets.map((ticket) => ({
          seatId: ticket.seatId,
          seat: (
            <>
              {ticket.coach ? t('coach', { coach: ticket.coach }) : ''}
              {ticket.seatId}
              {ticket.class ? <span className={styles.muted}> · {classLabel(ticket.class)}</span> : null}
            </>
          ),
          detail: (
            <>
              {ticket.passengerName}
              {ticket.cancelled ? <span className={styles.muted}> · {t('seatCancelled')}</span> : null}
              {ticket.boardedAt ? <span className={styles.muted}> · {t('boarded')}</span> : null}
            </>
          ),
          fare: f.money(ticket.fare, order.currency),
        }))}
        sums={[
          { label: t('total'), value: <strong>{f.money(order.total, order.currency)}</strong> },
          ...(order.refunded
            ? [{ label: t('refunded'), value: f.money(order.refunded, order.currency), testId: 'refunded' }]
            : []),
        ]}
      />
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
