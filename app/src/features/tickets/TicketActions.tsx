'use client';

import type { Order } from '@fastpass/shared';
import { useState } from 'react';
import { useBookingUrl } from '@/lib/config';
import { ensureToken } from '@/lib/session';
import styles from './tickets.module.css';

/** Print the ticket page (print stylesheet) or download its PDF from the server. */
export function TicketActions({ order }: { order: Order }) {
  const baseUrl = useBookingUrl();
  const [error, setError] = useState<string | null>(null);
  async function downloadPdf() {
    setError(null);
    try {
      const res = await fetch(`${baseUrl}/api/orders/${encodeURIComponent(order.id)}/ticket.pdf`, {
        headers: { authorization: `Bearer ${await ensureToken(baseUrl)}` },
      });
      if (!res.ok) throw new Error(`the PDF could not be made (HTTP ${res.status})`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `fastpass-${order.pnr}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <div className={styles.actions}>
      <button type="button" className={styles.action} onClick={() => window.print()}>
        Print
      </button>
      <button type="button" className={styles.action} onClick={downloadPdf}>
        Download PDF
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
