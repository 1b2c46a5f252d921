import { TrainsPage } from '@/features/ops/console/TrainsPage';

export default function Page() {
  return <TrainsPage />;
}
