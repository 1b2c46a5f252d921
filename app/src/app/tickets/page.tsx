import { TicketsPage } from '@/features/tickets/TicketsPage';

export default function Page() {
  return <TicketsPage />;
}
