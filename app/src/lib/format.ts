/** Display helpers; trip times are shown in Bangladesh time (the contract's TIMEZONE default). */
export const TIME_ZONE = 'Asia/Dhaka';

const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const dateFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

export function formatTime(iso: string | null | undefined): string {
  return iso ? timeFmt.format(new Date(iso)) : '—';
}

export function formatDate(date: string): string {
  return dateFmt.format(new Date(`${date}T12:00:00+06:00`));
}

export function formatDuration(fromIso: string | null, toIso: string | null): string {
  if (!fromIso || !toIso) return '';
  const minutes = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60000);
  if (!Number.isFinite(minutes) || minutes < 0) return '';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
}

/** Money is in minor units (paisa for BDT). */
export function formatMoney(minor: number, currency = 'BDT'): string {
  const major = minor / 100;
  if (currency === 'BDT') {
    const digits = Number.isInteger(major) ? 0 : 2;
    return `Tk ${major.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: 2 })}`;
  }
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(major);
}

/** Today's date in Bangladesh time, YYYY-MM-DD. */
export function todayInDhaka(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
}

export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
