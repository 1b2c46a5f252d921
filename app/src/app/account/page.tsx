import { AccountPage } from '@/features/account/AccountPage';

export default function Page() {
  return <AccountPage />;
}
