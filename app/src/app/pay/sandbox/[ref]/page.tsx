import { SandboxPayPage } from '@/features/payments/SandboxPayPage';

/** The sandbox payment provider's hosted page (docs/payments.md). */
export default async function Page(props: { params: Promise<{ ref: string }> }) {
  const { ref } = await props.params;
  return <SandboxPayPage paymentRef={ref} />;
}
