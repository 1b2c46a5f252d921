/**
 * A kiosk customer who pays leaves the kiosk for the payment provider's page; the provider sends them
 * back to the payment return page, which asks here whether to bring them back to the kiosk (with the
 * ticket) instead of the passenger's ticket page. Per tab (sessionStorage): one kiosk, one screen.
 */
const KEY = 'fastpass.kiosk.return';

/** The kiosk address to come back to after paying (`/kiosk?station=…&idle=…`). */
export function rememberKioskReturn(path: string): void {
  window.sessionStorage.setItem(KEY, path);
}

export function forgetKioskReturn(): void {
  window.sessionStorage.removeItem(KEY);
}

/** Where the kiosk wants its customer back, once (the entry is removed). */
export function takeKioskReturn(): string | null {
  const path = window.sessionStorage.getItem(KEY);
  window.sessionStorage.removeItem(KEY);
  return path?.startsWith('/kiosk?') ? path : null;
}
