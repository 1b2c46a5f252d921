import { SearchPage } from '@/features/search/SearchPage';

export default async function Page(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await props.searchParams;
  const pick = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : '');
  return <SearchPage from={pick('from')} to={pick('to')} date={pick('date')} />;
}
