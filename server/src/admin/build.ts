import type { RedisClient as Redis } from '../infra/redis';
import type { AuthService } from '../auth/auth.service';
import type { TokenSigner } from '../auth/tokens';
import type { CatalogService } from '../catalog/catalog.service';
import type { Db } from '../infra/db';
import { Leadership } from '../infra/leadership';
import type { Logger } from '../infra/logger';
import type { OrderService } from '../orders/order.service';
import { AuditLog } from './audit';
import { CatalogEdits } from './edits';
import { FaresService } from './fares.service';
import { LayoutsService } from './layouts.service';
import { SchedulesService } from './schedules.service';
import { StaffService } from './staff.service';
import { StationsService } from './stations.service';
import { TrainsService } from './trains.service';
import { TripCancellation } from './trip-cancellation';
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
  auth: AuthService;
  orders: Pick<OrderService, 'cancel'>;
  emit: (room: string, event: 'trip:cancelled', payload: { tripId: string; cancelledAt: string }) => void;
  config: AdminConfig;
  log: Logger;
}) {
  const audit = new AuditLog(deps.db);
  // This instance drops its own cache at once; the others within CATALOG_REFRESH_MS (CatalogWatch).
  const edits = new CatalogEdits(deps.db, audit, () => deps.catalog.invalidate());
  const trains = new TrainsService(deps.db, edits);
  return {
    db: deps.db,
    audit,
    edits,
    stations: new StationsService(deps.db, edits),
    trains,
    layouts: new LayoutsService(deps.db, edits, trains),
    fares: new FaresService(deps.db, edits),
    schedules: new SchedulesService(deps.db, edits),
    staff: new StaffService(deps.db, edits, deps.auth),
    cancellation: new TripCancellation({
      db: deps.db,
      edits,
      orders: deps.orders,
      emit: deps.emit,
      log: deps.log,
    }),
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
