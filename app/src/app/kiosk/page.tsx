import { KioskPage } from '@/features/kiosk/KioskPage';

export default async function Page(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await props.searchParams;
  const station = typeof sp.station === 'string' && sp.station ? sp.station.toUpperCase() : 'DHK';
  return <KioskPage key={station} station={station} />;
}
