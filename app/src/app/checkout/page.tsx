import { CheckoutPage } from '@/features/checkout/CheckoutPage';

export default async function Page(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await props.searchParams;
  const trip = typeof sp.trip === 'string' ? sp.trip : '';
  return <CheckoutPage tripId={trip} />;
}
