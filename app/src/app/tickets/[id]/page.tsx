import { TicketPage } from '@/features/tickets/TicketPage';

export default async function Page(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  return <TicketPage orderId={id} />;
}
