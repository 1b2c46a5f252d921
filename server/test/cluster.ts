import {
  type ClientSocket,
  type TestServer,
  closeTestDb,
  createTrip,
  guest as newGuest,
  socketOf,
  startServer,
} from './harness';

/** Booking servers on the same Redis and Postgres (a scaled-out deployment), a fresh trip, and guests. */
export interface Cluster {
  servers: TestServer[];
  /** A fresh trip of train 703 nobody else touches. */
  trip: string;
  /** A new guest user's token and id, made on server `i` (default 0). */
  guest: (i?: number) => Promise<{ token: string; userId: string }>;
  /** A connected socket of a new guest on server `i` (default 0); `stop()` disconnects it. */
  socket: (i?: number) => Promise<ClientSocket>;
  /** Disconnects every socket from `socket()`, closes the servers and the test database handle. */
  stop: () => Promise<void>;
}

export async function startCluster(
  opts: { servers?: number; env?: Record<string, string> } = {},
): Promise<Cluster> {
  const servers = await Promise.all(
    Array.from({ length: opts.servers ?? 1 }, () => startServer(opts.env ?? {})),
  );
  const trip = await createTrip();
  const sockets: ClientSocket[] = [];
  const serverAt = (i: number): TestServer => {
    const s = servers[i];
    if (!s) throw new Error(`no server ${i} in a cluster of ${servers.length}`);
    return s;
  };
  const guest = (i = 0) => newGuest(serverAt(i).url);
  return {
    servers,
    trip,
    guest,
    socket: async (i = 0) => {
      const server = serverAt(i);
      const s = await socketOf(server.url, (await guest(i)).token);
      sockets.push(s);
      return s;
    },
    stop: async () => {
      for (const s of sockets.splice(0)) s.disconnect();
      await Promise.all(servers.map((s) => s.close()));
      await closeTestDb();
    },
  };
}
