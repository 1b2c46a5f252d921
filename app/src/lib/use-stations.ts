'use client';

import type { Station } from '@fastpass/shared';
import { useEffect, useState } from 'react';
import { useApi } from './use-api';

/** The station list (empty until loaded or when it cannot be loaded: codes are shown instead). */
export function useStations(): Station[] {
  const api = useApi();
  const [stations, setStations] = useState<Station[]>([]);
  useEffect(() => {
    api
      .stations()
      .then(setStations)
      .catch(() => undefined);
  }, [api]);
  return stations;
}
