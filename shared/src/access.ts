import type { Seat } from './domain';
import type { AccessNeed } from './schemas';

/**
 * Who may hold an accessible seat (docs/accessible-seats.md), the one statement of the rule for the
 * server (which enforces it) and the app (which draws and explains it): a wheelchair space only a
 * passenger who ticked `wheelchair`; a priority seat one who ticked `priority` or `wheelchair`; a
 * companion seat anyone (it is beside one of those, for whoever travels with them).
 */
export function mayHold(seat: Pick<Seat, 'access'>, needs: readonly AccessNeed[] = []): boolean {
  const access = seat.access ?? [];
  if (access.includes('wheelchair') && !needs.includes('wheelchair')) return false;
  if (access.includes('priority') && !needs.includes('priority') && !needs.includes('wheelchair'))
    return false;
  return true;
}
