'use client';

import { useMemo } from 'react';
import { createApi, type Api } from './api';
import { useBookingUrl } from './config';

export function useApi(): Api {
  const url = useBookingUrl();
  return useMemo(() => createApi(url), [url]);
}
