import { SchedulesPage } from '@/features/ops/console/SchedulesPage';

export default function Page() {
  return <SchedulesPage />;
}
