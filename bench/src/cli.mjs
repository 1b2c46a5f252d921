// Command line of `npm run bench`: the profiles' defaults and the options that override them (see
// bench/README.md for what each option does).

export const DEFAULTS = {
  full: {
    clients: 1000,
    watchers: 5000,
    duration: 30, // cap of each rush run (s); a rush ends earlier when the train is sold out
    ceilingDuration: 6,
    // Each paired row (rush/ceiling, closed loop/bare) runs this many times, alternately; its ratio is
    // the median of the paired ratios (one rush is seconds long, and the machine's speed moves). Five:
    // with three, one run's closed-loop rounds read 0.34, 0.72 and 0.35× (bench/README.md).
    rounds: 5,
    fanoutDuration: 8,
    fanoutRate: 1000,
    purchaseClients: 100,
    purchaseDuration: 10,
    procs: 2,
    watchProcs: 3,
    fanoutInstances: 1,
    closedClients: 200,
    closedDuration: 8,
    idleSockets: 10000,
  },
  quick: {
    clients: 1000,
    watchers: 2000,
    duration: 8,
    ceilingDuration: 5,
    rounds: 1,
    fanoutDuration: 5,
    fanoutRate: 500,
    purchaseClients: 50,
    purchaseDuration: 4,
    procs: 2,
    watchProcs: 2,
    fanoutInstances: 1,
    closedClients: 200,
    closedDuration: 6,
    idleSockets: 2000,
  },
};

export function parseArgs(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const profile = flags.has('--quick') ? 'quick' : 'full';
  const opts = {
    ...DEFAULTS[profile],
    profile,
    json: flags.has('--json'),
    cpuProf: flags.has('--cpu-prof'),
    pgStats: flags.has('--pg-stats'),
  };
  const num = (name, key) => {
    const i = argv.indexOf(`--${name}`);
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    const v = eq ? eq.split('=')[1] : i >= 0 ? argv[i + 1] : undefined;
    if (v !== undefined) {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
      opts[key] = n;
    }
  };
  num('clients', 'clients');
  num('watchers', 'watchers');
  num('duration', 'duration');
  num('ceiling-duration', 'ceilingDuration');
  num('fanout-duration', 'fanoutDuration');
  num('fanout-rate', 'fanoutRate');
  num('purchase-clients', 'purchaseClients');
  num('purchase-duration', 'purchaseDuration');
  num('procs', 'procs');
  num('watch-procs', 'watchProcs');
  num('fanout-instances', 'fanoutInstances');
  num('closed-clients', 'closedClients');
  num('closed-duration', 'closedDuration');
  num('idle-sockets', 'idleSockets');
  num('rounds', 'rounds');
  opts.rounds = Math.floor(opts.rounds);
  // --scenario queue: the waiting-room benchmark (bench/src/queue.mjs) instead of the rush scenarios.
  const scenario = argv.find((a) => a.startsWith('--scenario'));
  opts.scenario = scenario?.includes('=')
    ? scenario.split('=')[1]
    : scenario
      ? argv[argv.indexOf(scenario) + 1]
      : null;
  opts.queue = {};
  num('waiters', 'waiters');
  num('waiter-procs', 'waiterProcs');
  num('queue-duration', 'queueDuration');
  num('admit-per-minute', 'admitPerMinute');
  for (const k of ['waiters', 'waiterProcs', 'queueDuration', 'admitPerMinute'])
    if (k in opts) opts.queue[k] = opts[k];
  const only = argv.find((a) => a.startsWith('--only='));
  opts.only = only ? new Set(only.slice(7).split(',')) : null;
  return opts;
}
