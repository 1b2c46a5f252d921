import { LayoutsPage } from '@/features/ops/console/LayoutsPage';

export default function Page() {
  return <LayoutsPage />;
}
