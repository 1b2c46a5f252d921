'use client';

import type { Order } from '@fastpass/shared';
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@/lib/use-api';

/** My orders (newest first) and a cancel action that updates the list in place. */
export function useOrders() {
  const api = useApi();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api
      .orders()
      .then((list) => {
        setOrders(list);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [api]);

  useEffect(() => {
    reload();
  }, [reload]);

  const cancel = useCallback(
    async (id: string, seatIds?: string[]) => {
      const { order } = await api.cancelOrder(id, seatIds);
      setOrders((list) => list?.map((o) => (o.id === id ? order : o)) ?? null);
      return order;
    },
    [api],
  );

  return { orders, error, cancel, reload };
}
