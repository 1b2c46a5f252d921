import { GatePage } from '@/features/gate/GatePage';

/** Staff: check tickets at the gate (docs/payments.md). */
export default function Page() {
  return <GatePage />;
}
