import { SalesPage } from '@/features/ops/console/SalesPage';

export default function Page() {
  return <SalesPage />;
}
