import type { ReactNode } from 'react';
import { OpsShell } from '@/features/ops/console/OpsShell';

export default function OpsLayout({ children }: { children: ReactNode }) {
  return <OpsShell>{children}</OpsShell>;
}
