import { idSchema, tripsQuerySchema } from '@fastpass/shared';
import { Router } from 'express';
import type { HoldService } from '../booking/hold.service';
import type { CatalogService } from '../catalog/catalog.service';
import type { SearchService } from '../catalog/search.service';
import type { Config } from '../config';
import type { SaleService } from '../sales/sale.service';
import { parse } from './middleware';

export function catalogRoutes(deps: {
  catalog: CatalogService;
  search: SearchService;
  holds: HoldService;
  sales: SaleService;
  config: Pick<Config, 'maxSeatsPerUser' | 'holdTtlMs'>;
}): Router {
  const r = Router();
  r.get('/stations', async (_req, res) => {
    res.json(await deps.catalog.stations());
  });
  r.get('/trips', async (req, res) => {
    res.json(await deps.search.search(parse(tripsQuerySchema, req.query)));
  });
  r.get('/trips/:tripId', async (req, res) => {
    const info = await deps.catalog.getTrip(parse(idSchema, req.params.tripId));
    const sale = await deps.sales.saleOf(info.trip.id);
    // The app shows these limits instead of assuming the contract's defaults.
    res.json({
      ...info.trip,
      sale: deps.sales.view(sale),
      cutoffMinutes: deps.sales.cutoffMinutes,
      maxSeatsPerUser: deps.config.maxSeatsPerUser,
      holdTtlSeconds: deps.config.holdTtlMs / 1000,
    });
  });
  r.get('/trips/:tripId/seats', async (req, res) => {
    res.json(await deps.holds.snapshot(parse(idSchema, req.params.tripId)));
  });
  return r;
}
