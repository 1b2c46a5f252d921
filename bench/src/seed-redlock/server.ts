/**
 * The booking server with the seed's Redlock-per-seat method deciding holds instead of the Lua
 * scripts: the benchmark's baseline (`npm run bench`, scenario seedRedlock). Run with
 * `node --import tsx bench/src/seed-redlock/server.ts` and the server's usual environment.
 */
import { serve } from '../../../server/src/serve';
import { RedlockHoldStore } from './redlock-hold-store';

void serve({ holdStore: ({ redis, loadTrip }) => new RedlockHoldStore(redis, loadTrip) });
