'use client';

import type { Order } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { CheckoutView } from '@/features/checkout/CheckoutView';
import { TripPage } from '@/features/seat-map/TripPage';
import { QrCode } from '@/features/tickets/QrCode';
import { TicketDetails, qrPayload } from '@/features/tickets/TicketDetails';
import { LanguageSwitch } from '@/i18n/LanguageSwitch';
import { useStationNames } from '@/i18n/names';
import { createApi } from '@/lib/api';
import { useBookingUrl } from '@/lib/config';
import { todayInDhaka } from '@/lib/format';
import { forgetHold, loadHolds } from '@/lib/holds-storage';
import { clearSession } from '@/lib/session';
import { useStations } from '@/lib/use-stations';
import { DestinationPicker } from './DestinationPicker';
import { KioskBoard } from './KioskBoard';
import { forgetKioskReturn, rememberKioskReturn } from './kiosk-return';
import { CallStaffBanner } from './CallStaff';
import { type Departure, useDepartures, useTrip } from './useDepartures';
import { useIdle } from './useIdle';
import styles from './kiosk.module.css';

type View =
  | { kind: 'board' }
  | { kind: 'destination'; departure: Departure }
  | { kind: 'seats'; departure: Departure; to: string }
  | { kind: 'checkout'; departure: Departure; to: string }
  | { kind: 'ticket'; orders: Order[] };

/**
 * Station kiosk: departures board, touch booking, resets to the board (releasing holds) after 60 s idle.
 * `paidOrderId`: back from the payment provider with this order (payments/PaymentReturnPage).
 */
export function KioskPage({
  station,
  idleSeconds = 60,
  paidOrderId,
}: {
  station: string;
  idleSeconds?: number;
  paidOrderId?: string;
}) {
  const IDLE_MS = idleSeconds * 1000;
  const WARN_MS = IDLE_MS * 0.75;
  const t = useTranslations('kiosk');
  const tt = useTranslations('tickets');
  const baseUrl = useBookingUrl();
  const [view, setView] = useState<View>({ kind: 'board' });
  const { departures, error, live } = useDepartures(station);
  const [staffCalled, setStaffCalled] = useState(false);
  const names = useStationNames(useStations());

  const home = `/kiosk?station=${encodeURIComponent(station)}&idle=${idleSeconds}`;
  useEffect(() => {
    if (!paidOrderId) return;
    // Shown once: a reload or the next customer starts from the board.
    window.history.replaceState(null, '', home);
    createApi(baseUrl)
      .order(paidOrderId)
      .then(({ order }) => {
        if (order.status === 'confirmed') setView({ kind: 'ticket', orders: [order] });
      })
      .catch(() => undefined);
  }, [baseUrl, home, paidOrderId]);

  const reset = useCallback(() => {
    // Release whatever this customer still holds, then start the next customer with a fresh guest session.
    const client = createApi(baseUrl);
    const holds = loadHolds();
    setView({ kind: 'board' });
    setStaffCalled(false);
    forgetKioskReturn();
    void Promise.allSettled(holds.map((h) => client.releaseHold(h.holdId))).then(() => {
      for (const h of holds) forgetHold(h.holdId);
      clearSession();
    });
  }, [baseUrl]);

  const idleMs = useIdle(IDLE_MS, view.kind !== 'board', reset);
  const secondsLeft = Math.max(0, Math.ceil((IDLE_MS - idleMs) / 1000));

  return (
    <div className={styles.kiosk} data-kiosk-view={view.kind}>
      <div className={styles.topbar}>
        <span className={styles.brand}>
          Fast<span>Pass</span> {t('brand')}
        </span>
        <button
          type="button"
          className={styles.fullscreen}
          onClick={() => {
            if (document.fullscreenElement) void document.exitFullscreen();
            else void document.documentElement.requestFullscreen().catch(() => undefined);
          }}
        >
          {t('fullscreen')}
        </button>
        <button
          type="button"
          className={styles.fullscreen}
          onClick={() => setStaffCalled(true)}
          aria-pressed={staffCalled}
          data-testid="call-staff"
        >
          {t('callStaff')}
        </button>
        <LanguageSwitch className={`site-lang ${styles.lang}`} />
      </div>
      {staffCalled ? <CallStaffBanner onCancel={() => setStaffCalled(false)} /> : null}
      {view.kind !== 'board' && idleMs >= WARN_MS ? (
        <div className={styles.idle} role="alert" data-testid="idle-warning">
          {t('stillThere', { seconds: secondsLeft })}
        </div>
      ) : null}
      <div className={styles.body}>
        {view.kind === 'board' ? (
          <KioskBoard
            station={station}
            names={names}
            departures={departures}
            today={todayInDhaka()}
            error={error}
            live={live}
            onPick={(d) => setView({ kind: 'destination', departure: d })}
          />
        ) : null}
        {view.kind === 'destination' ? (
          <DestinationStep
            tripId={view.departure.id}
            station={station}
            names={names}
            onBack={reset}
            onPick={(to) => setView({ kind: 'seats', departure: view.departure, to })}
          />
        ) : null}
        {view.kind === 'seats' ? (
          <TripPage
            tripId={view.departure.id}
            from={station}
            to={view.to}
            variant="kiosk"
            onExit={reset}
            onCheckout={() => setView({ kind: 'checkout', departure: view.departure, to: view.to })}
          />
        ) : null}
        {view.kind === 'checkout' ? (
          <CheckoutView
            large
            tripId={view.departure.id}
            onBack={() => setView({ kind: 'seats', departure: view.departure, to: view.to })}
            onPay={() => rememberKioskReturn(home)}
            onDone={(orders) => setView({ kind: 'ticket', orders })}
          />
        ) : null}
        {view.kind === 'ticket' ? (
          <section aria-labelledby="done-title" className={styles.done}>
            <h1 id="done-title" className={styles.boardTitle}>
              {t('booked')}
            </h1>
            {view.orders.map((o) => (
              <article key={o.id} className={styles.ticket} data-print="ticket">
                <TicketDetails order={o} />
                <QrCode text={qrPayload(o)} label={tt('qrLabel', { pnr: o.pnr })} size={260} />
              </article>
            ))}
            <button type="button" className={styles.bigButton} onClick={() => window.print()}>
              {t('print')}
            </button>
            <button type="button" className={styles.bigButton} onClick={reset}>
              {t('done')}
            </button>
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** The destinations of the chosen departure, once its stops are loaded. */
function DestinationStep({
  tripId,
  ...rest
}: Omit<Parameters<typeof DestinationPicker>[0], 'trip'> & { tripId: string }) {
  const trip = useTrip(tripId);
  return trip ? <DestinationPicker trip={trip} {...rest} /> : <p aria-busy="true">…</p>;
}
