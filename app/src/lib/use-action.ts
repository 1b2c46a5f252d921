'use client';

import { useCallback, useState } from 'react';

/**
 * A form's submit in flight: `busy` while it runs, and its failure as text for a `role="alert"`
 * (described by `describe`, which knows the form's contract errors).
 */
export function useAction(describe: (e: unknown) => string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<void>): Promise<void> => {
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (e) {
        setError(describe(e));
      } finally {
        setBusy(false);
      }
    },
    [describe],
  );
  return { busy, error, setError, run };
}
