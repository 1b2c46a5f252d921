import { OpsPage } from '@/features/ops/OpsPage';

export default function Page() {
  return <OpsPage />;
}
