import { AcceptInvitePage } from '@/features/ops/console/AcceptInvitePage';

export default async function Page(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await props.searchParams;
  return <AcceptInvitePage token={typeof sp.token === 'string' ? sp.token : ''} />;
}
