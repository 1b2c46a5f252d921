/** Wheelchair spaces are drawn and announced on the map, and held only after ticking the need. */
import type { SeatsResponse, TripResponse } from '@fastpass/shared';
import { expectNoSeriousA11yIssues } from './a11y';
import { API_URL, bookableTrips, expect, openTripPage, seat, test } from './fixtures';

test('a wheelchair space is refused without the need and held with it', async ({
  pageAt,
  request,
}, testInfo) => {
  let pick: { tripId: string; coach: string; seatId: string; from: string; to: string } | null = null;
  for (const summary of await bookableTrips(request)) {
    const trip = (await (await request.get(`${API_URL}/api/trips/${summary.id}`)).json()) as TripResponse;
    const occ = (await (
      await request.get(`${API_URL}/api/trips/${summary.id}/seats`)
    ).json()) as SeatsResponse;
    const busy = new Set(occ.seats.filter((s) => s.held || s.sold).map((s) => s.id));
    for (const coach of trip.coaches) {
      const space = coach.seats.find((s) => s.access?.includes('wheelchair') && !busy.has(s.id));
      if (space) {
        const stops = trip.stops.map((s) => s.station);
        pick = { tripId: trip.id, coach: coach.code, seatId: space.id, from: stops[0]!, to: stops.at(-1)! };
        break;
      }
    }
    if (pick) break;
  }
  if (!pick) throw new Error('no free wheelchair space on a bookable trip');
  const page = await pageAt(1440, 900);
  await openTripPage(page, pick);
  const space = seat(page, pick.seatId);
  await expect(space).toHaveAccessibleName(/wheelchair space/);
  await expect(space).toHaveAttribute('data-access', 'wheelchair');

  await space.click();
  await expect(page.locator('[data-toast="error"]')).toContainText('reserved for passengers who need');
  await expect(space).toHaveAttribute('data-state', 'free');

  await page.getByLabel('a wheelchair space').check();
  await space.click();
  await expect(space).toHaveAttribute('data-state', 'mine');
  await page.screenshot({ path: testInfo.outputPath('wheelchair-space-1440.png') });
  await expectNoSeriousA11yIssues(page, 'seat map with a wheelchair space held');
  await space.click();
  await expect(space).toHaveAttribute('data-state', 'free');
});
