import { parseBatchReplies } from './hold-codec';
import type { ScriptReply } from './scripts';

/** Separates a decision's fields in its one batch-6.lua argument (ids never contain NUL: schemas.ts). */
const SEP = '\0';

/** The decisions batch-6.lua can make several of in one run. */
export type Batchable = 'hold' | 'release';

interface Pending {
  name: Batchable;
  args: Array<string | number>;
  resolve: (reply: ScriptReply) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers the hold and release decisions that arrive within one event-loop turn and sends each trip's
 * together, at the end of the turn (setImmediate), as one batch-6.lua call; a trip with one decision
 * in the turn gets its own script as before.
 *
 * Why: every socket frame is its own I/O callback, so one script per hold meant one write to Redis, one
 * read back and one ioredis command each. Under a rush a turn reads many frames, so a busier server
 * sends bigger batches; when quiet a batch is one decision and the delay is the rest of the turn, not
 * a timer. Each decision in a batch is still all-or-nothing and made as if alone (see batch-6.lua).
 */
export class DecisionBatcher {
  private byTrip = new Map<string, Pending[]>();
  private scheduled = false;

  constructor(
    /** One decision alone: the decision's own script (hold-6.lua, release-6.lua). */
    private readonly single: (
      name: Batchable,
      tripId: string,
      args: Array<string | number>,
    ) => Promise<ScriptReply>,
    /** Several decisions of one trip: batch-6.lua, with ARGV as built here (its reply: hold-codec.ts). */
    private readonly many: (tripId: string, argv: Array<string | number>) => Promise<string>,
  ) {}

  submit(name: Batchable, tripId: string, args: Array<string | number>): Promise<ScriptReply> {
    // A field holding a NUL could not be told from the separator: such a decision goes alone. (The
    // schemas refuse NUL in every id, so this guards the format rather than serving a real caller.)
    if (args.some((a) => typeof a === 'string' && a.includes(SEP))) return this.single(name, tripId, args);
    return new Promise<ScriptReply>((resolve, reject) => {
      let list = this.byTrip.get(tripId);
      if (!list) {
        list = [];
        this.byTrip.set(tripId, list);
      }
      list.push({ name, args, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const byTrip = this.byTrip;
    this.byTrip = new Map();
    for (const [tripId, list] of byTrip) {
      if (list.length === 1) {
        const [only] = list as [Pending];
        this.single(only.name, tripId, only.args).then(only.resolve, only.reject);
        continue;
      }
      // One argument per decision (its fields joined by NUL, which no id may contain): Redis and ioredis
      // each pay per argument, and a batch carries a dozen per decision.
      const argv = list.map((p) => `${p.name}${SEP}${p.args.join(SEP)}`);
      this.many(tripId, argv).then(
        (raw) => {
          let replies: ScriptReply[];
          try {
            replies = parseBatchReplies(raw, list.length);
          } catch (err) {
            for (const p of list) p.reject(err);
            return;
          }
          list.forEach((p, i) => {
            const reply = replies[i];
            if (!reply)
              p.reject(new Error(`batch-6.lua answered ${replies.length} of ${list.length} decisions`));
            // One decision's error (a damaged key) is its own, as if it had run alone.
            else if (reply[0] === 'ERR') p.reject(new Error(String(reply[4][0])));
            else p.resolve(reply);
          });
        },
        (err: unknown) => {
          for (const p of list) p.reject(err);
        },
      );
    }
  };
}
