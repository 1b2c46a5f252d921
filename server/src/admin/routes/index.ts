import { Router } from 'express';
import type { AdminRouteDeps } from '../build';
import { faresRoutes } from './fares.routes';
import { layoutsRoutes } from './layouts.routes';
import { operatorOf } from './operator';
import { schedulesRoutes } from './schedules.routes';
import { staffRoutes } from './staff.routes';
import { stationsRoutes } from './stations.routes';
import { trainsRoutes } from './trains.routes';
import { tripsRoutes } from './trips.routes';

/** Every business-details route, operators only (docs/operations.md). */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const operator = operatorOf(deps);
  const r = Router();
  r.use(stationsRoutes({ ...deps, operator }));
  r.use(trainsRoutes({ ...deps, operator }));
  r.use(layoutsRoutes({ ...deps, operator }));
  r.use(faresRoutes({ ...deps, operator }));
  r.use(schedulesRoutes({ ...deps, operator }));
  r.use(tripsRoutes({ ...deps, operator }));
  r.use(staffRoutes({ ...deps, operator }));
  return r;
}
