import { StationsPage } from '@/features/ops/console/StationsPage';

export default function Page() {
  return <StationsPage />;
}
