import { KioskPage } from '@/features/kiosk/KioskPage';

export default async function Page(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await props.searchParams;
  const station = typeof sp.station === 'string' && sp.station ? sp.station.toUpperCase() : 'DHK';
  // `idle` (seconds, 5..600) shortens the idle reset for tests and demos; 60 s by default.
  const idle = typeof sp.idle === 'string' ? Number(sp.idle) : 60;
  const idleSeconds = Number.isFinite(idle) ? Math.min(600, Math.max(5, idle)) : 60;
  const order = typeof sp.order === 'string' && sp.order ? sp.order : undefined;
  return <KioskPage key={station} station={station} idleSeconds={idleSeconds} paidOrderId={order} />;
}
