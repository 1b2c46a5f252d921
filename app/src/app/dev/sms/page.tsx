import { SmsOutboxPage } from '@/features/dev/SmsOutboxPage';

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Development only: what the sandbox SMS provider would have texted. */
export default async function Page(props: Props) {
  const sp = await props.searchParams;
  return <SmsOutboxPage phone={typeof sp.phone === 'string' ? sp.phone : undefined} />;
}
