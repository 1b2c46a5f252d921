'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useStoredUser } from '@/lib/use-stored-user';
import styles from './console.module.css';
import { OpsProvider, useOps } from './OpsContext';

const sections: Array<[href: string, label: string]> = [
  ['/ops', 'Live trips'],
  ['/ops/sales', 'Sales'],
  ['/ops/stations', 'Stations'],
  ['/ops/trains', 'Trains'],
  ['/ops/layouts', 'Coach layouts'],
  ['/ops/schedules', 'Schedules'],
  ['/ops/fares', 'Fares'],
  ['/ops/staff', 'Staff and kiosks'],
  ['/ops/audit', 'Audit log'],
];

/** The console's frame: operators only, a section menu, and the live connection every page shares. */
export function OpsShell({ children }: { children: ReactNode }) {
  const { user, ready } = useStoredUser();

  if (!ready) return <main className={styles.main} />;
  if (user?.role !== 'operator') {
    return (
      <main className={styles.main}>
        <h1>Operations console</h1>
        <p>
          This console is for operators. <Link href="/account">Log in with an operator account</Link>.
        </p>
      </main>
    );
  }
  return (
    <OpsProvider>
      <div className={styles.frame}>
        <ConsoleNav />
        <div className={styles.content}>{children}</div>
      </div>
    </OpsProvider>
  );
}

function ConsoleNav() {
  const path = usePathname();
  const { connected } = useOps();
  return (
    <nav className={styles.nav} aria-label="Console">
      <p className={styles.navTitle}>Operations</p>
      <ul>
        {sections.map(([href, label]) => {
          const current = href === '/ops' ? path === '/ops' : path.startsWith(href);
          return (
            <li key={href}>
              <Link href={href} aria-current={current ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
      <p className={styles.live} role="status">
        <span aria-hidden="true" className={connected ? styles.dotOn : styles.dotOff} />
        {connected ? 'Live' : 'Reconnecting…'}
      </p>
    </nav>
  );
}
