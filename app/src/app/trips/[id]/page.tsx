import { PaymentNotice } from '@/features/payments/PaymentNotice';
import { TripPage } from '@/features/seat-map/TripPage';

export default async function Page(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await props.params;
  const sp = await props.searchParams;
  const from = typeof sp.from === 'string' ? sp.from : undefined;
  const to = typeof sp.to === 'string' ? sp.to : undefined;
  return (
    <>
      {sp.payment === 'failed' ? <PaymentNotice /> : null}
      <TripPage key={id} tripId={id} from={from} to={to} />
    </>
  );
}
