// Small numeric helpers shared by the orchestrator and the load generators.

/** Latency histogram with 0.1 ms buckets up to 60 s; mergeable across processes. */
export class Histogram {
  static BUCKETS = 600_000;

  constructor(counts) {
    this.counts = counts ?? new Uint32Array(Histogram.BUCKETS + 1);
    this.n = 0;
    for (const c of this.counts) this.n += c;
  }

  record(ms) {
    const i = Math.min(Histogram.BUCKETS, Math.max(0, Math.round(ms * 10)));
    this.counts[i] += 1;
    this.n += 1;
  }

  merge(other) {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.n += other.n;
    return this;
  }

  percentile(p) {
    if (this.n === 0) return null;
    const rank = Math.ceil((p / 100) * this.n);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return i / 10;
    }
    return Histogram.BUCKETS / 10;
  }

  /** Sparse form for IPC: [bucket, count, bucket, count, ...]. */
  toSparse() {
    const out = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) out.push(i, this.counts[i]);
    return out;
  }

  static fromSparse(sparse) {
    const h = new Histogram();
    for (let i = 0; i < sparse.length; i += 2) {
      h.counts[sparse[i]] += sparse[i + 1];
      h.n += sparse[i + 1];
    }
    return h;
  }
}

export const round = (x, digits = 1) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

export function sum(objs, key) {
  return objs.reduce((s, o) => s + (o[key] ?? 0), 0);
}

export function addCounts(target, src) {
  for (const [k, v] of Object.entries(src ?? {})) target[k] = (target[k] ?? 0) + v;
  return target;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over items with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
