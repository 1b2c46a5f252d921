import { PaymentReturnPage } from '@/features/payments/PaymentReturnPage';

/** The payment provider's return address: waits for the order's outcome (docs/payments.md). */
export default async function Page(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await props.searchParams;
  return <PaymentReturnPage orderId={typeof sp.order === 'string' ? sp.order : ''} />;
}
