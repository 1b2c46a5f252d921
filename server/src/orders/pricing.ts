import type { FareRow } from '../catalog/catalog.repo';

/** Fare of one seat for a journey of `km` in a class, in minor units: base + per km × km. */
export function fareOf(fare: FareRow | undefined, km: number): number {
  if (!fare) throw new Error('no fare configured for this class');
  return fare.base_minor + fare.per_km_minor * km;
}
