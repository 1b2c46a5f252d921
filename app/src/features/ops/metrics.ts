/** Minimal Prometheus text parsing: sums of a metric's samples, optionally filtered by one label. */
export function sumMetric(text: string, name: string, label?: { key: string; value: string }): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    if (label && !rest.includes(`${label.key}="${label.value}"`)) continue;
    const value = Number(line.trim().split(/\s+/).pop());
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

export interface Rates {
  holdsPerSec: number;
  conflictsPerSec: number;
  watchers: number;
}

export interface Sample {
  at: number;
  holds: number;
  conflicts: number;
  watchers: number;
}

export function sample(text: string, at: number): Sample {
  return {
    at,
    holds: sumMetric(text, 'fastpass_hold_requests_total', { key: 'outcome', value: 'ok' }),
    conflicts: sumMetric(text, 'fastpass_hold_requests_total', { key: 'outcome', value: 'SEAT_TAKEN' }),
    watchers: sumMetric(text, 'fastpass_sockets'),
  };
}

export function rates(prev: Sample | null, cur: Sample): Rates {
  if (!prev || cur.at <= prev.at) return { holdsPerSec: 0, conflictsPerSec: 0, watchers: cur.watchers };
  const dt = (cur.at - prev.at) / 1000;
  return {
    holdsPerSec: Math.max(0, (cur.holds - prev.holds) / dt),
    conflictsPerSec: Math.max(0, (cur.conflicts - prev.conflicts) / dt),
    watchers: cur.watchers,
  };
}
