import type Redis from 'ioredis';
import type { AuthService } from '../auth/auth.service';
import type { TokenSigner } from '../auth/tokens';
import type { CatalogService } from '../catalog/catalog.service';
import type { Db } from '../infra/db';
import { Leadership } from '../infra/leadership';
import type { Logger } from '../infra/logger';
import { AuditLog } from './audit';
import { CatalogEdits } from './edits';
import { FaresService } from './fares.service';
import { LayoutsService } from './layouts.service';
import { SchedulesService } from './schedules.service';
import { StationsService } from './stations.service';
import { TrainsService } from './trains.service';
import { TripGenerator } from './trip-generator';

export interface AdminConfig {
  timeZone: string;
  tripHorizonDays: number;
  tripGenerateIntervalMs: number;
}

/** The business-details services (admin/): built once per process, routes in admin/routes/. */
export function buildAdmin(deps: {
  db: Db;
  redis: Redis;
  catalog: CatalogService;
  config: AdminConfig;
  log: Logger;
}) {
  const audit = new AuditLog(deps.db);
  // This instance drops its own cache at once; the others within CATALOG_REFRESH_MS (CatalogWatch).
  const edits = new CatalogEdits(deps.db, audit, () => deps.catalog.invalidate());
  const trains = new TrainsService(deps.db, edits);
  return {
    audit,
    edits,
    stations: new StationsService(deps.db, edits),
    trains,
    layouts: new LayoutsService(deps.db, edits, trains),
    fares: new FaresService(deps.db, edits),
    schedules: new SchedulesService(deps.db, edits),
    generator: new TripGenerator(deps.db, {
      timeZone: deps.config.timeZone,
      horizonDays: deps.config.tripHorizonDays,
      intervalMs: deps.config.tripGenerateIntervalMs,
      leadership: new Leadership(deps.redis, 'fastpass:lock:trip-generator', 30_000),
      log: deps.log,
    }),
  };
}

export type Admin = ReturnType<typeof buildAdmin>;
export type AdminRouteDeps = Admin & { tokens: TokenSigner; auth: AuthService };
