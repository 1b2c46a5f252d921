import { StaffPage } from '@/features/ops/console/StaffPage';

export default function Page() {
  return <StaffPage />;
}
