/**
 * Display helpers; trip times are shown in Bangladesh time (the contract's TIMEZONE default). Components
 * get a `Formatter` for the page's language with `useFormat()` (src/i18n/use-format.ts); the plain
 * functions below are the English formatter, for code outside React.
 */
export const TIME_ZONE = 'Asia/Dhaka';

export interface Formatter {
  /** BCP 47 tag used for numbers and dates ('en-IN', 'bn-BD', 'bn-BD-u-nu-latn'). */
  tag: string;
  time(iso: string | null | undefined): string;
  /** A trip date (YYYY-MM-DD): "Tue, 1 Dec" / "মঙ্গল, ১ ডিসে". */
  date(date: string): string;
  /** A calendar day of an instant in Dhaka plus the time ("Sat 28 Mar 08:00"). */
  dateTime(iso: string): string;
  duration(fromIso: string | null, toIso: string | null): string;
  /** Money in minor units: Taka as `৳` with South Asian grouping (৳1,00,000). */
  money(minor: number, currency?: string): string;
  number(n: number): string;
  countdown(ms: number): string;
}

const cache = new Map<string, Formatter>();

/** The formatter for a language ('en' | 'bn') and, in Bangla, its digits (Bangla by default). */
export function formatterFor(locale: string, digits: 'beng' | 'latn' = 'beng'): Formatter {
  const tag = locale === 'bn' ? (digits === 'latn' ? 'bn-BD-u-nu-latn' : 'bn-BD') : 'en-IN';
  let f = cache.get(tag);
  if (!f) {
    f = makeFormatter(tag, locale === 'bn' ? tag : 'en-GB');
    cache.set(tag, f);
  }
  return f;
}

function makeFormatter(tag: string, dateTag: string): Formatter {
  const timeFmt = new Intl.DateTimeFormat(dateTag, {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dateFmt = new Intl.DateTimeFormat(dateTag, {
    timeZone: TIME_ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  const int = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const num = (n: number, digits = 0) =>
    new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: 2 }).format(n);
  const two = (n: number) => int.format(n).padStart(2, int.format(0));
  const self: Formatter = {
    tag,
    time: (iso) => (iso ? timeFmt.format(new Date(iso)) : '—'),
    date: (date) => dateFmt.format(new Date(`${date}T12:00:00+06:00`)),
    dateTime(iso) {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(iso));
      return `${self.date(day)} ${self.time(iso)}`;
    },
    duration(fromIso, toIso) {
      if (!fromIso || !toIso) return '';
      const minutes = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60000);
      if (!Number.isFinite(minutes) || minutes < 0) return '';
      const h = Math.floor(minutes / 60);
      const m = minutes % 60;
      const [hu, mu] = tag.startsWith('bn') ? ['ঘ', 'মি'] : ['h', 'm'];
      return h ? `${int.format(h)}${hu} ${two(m)}${mu}` : `${int.format(m)}${mu}`;
    },
    money(minor, currency = 'BDT') {
      const major = minor / 100;
      if (currency === 'BDT') return `৳${num(major, Number.isInteger(major) ? 0 : 2)}`;
      return new Intl.NumberFormat(tag, { style: 'currency', currency }).format(major);
    },
    number: (n) => int.format(n),
    countdown(ms) {
      const total = Math.max(0, Math.ceil(ms / 1000));
      return `${int.format(Math.floor(total / 60))}:${two(total % 60)}`;
    },
  };
  return self;
}

const en = formatterFor('en');
export const formatTime = en.time;
export const formatDate = en.date;
export const formatDuration = en.duration;
export const formatMoney = en.money;
export const formatCountdown = en.countdown;

/** Today's date in Bangladesh time, YYYY-MM-DD. */
export function todayInDhaka(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
}
