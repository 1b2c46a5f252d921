import { TrainPage } from '@/features/ops/console/TrainPage';

export default async function Page(props: { params: Promise<{ number: string }> }) {
  const { number } = await props.params;
  return <TrainPage key={number} number={decodeURIComponent(number)} />;
}
