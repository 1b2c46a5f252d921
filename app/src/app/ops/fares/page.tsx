import { FaresPage } from '@/features/ops/console/FaresPage';

export default function Page() {
  return <FaresPage />;
}
