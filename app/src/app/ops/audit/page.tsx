import { AuditPage } from '@/features/ops/console/AuditPage';

export default function Page() {
  return <AuditPage />;
}
