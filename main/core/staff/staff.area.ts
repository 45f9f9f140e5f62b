import { watchDocs } from '../../../db/adapter/watch';
import type { Handlers } from '../api/handlers';
import type { Sessions } from '../session/sessions';
import type { staffContract } from './staff.contract';
import { staffRequestHandlers, type StaffAreaDeps } from './staff-requests.service';

/**
 * Staff management on a branch device: the list of head-office-signed staff, and requests to head office.
 * When a new version of a staff record arrives (disabled, roles changed, password set), that person's sessions
 * end, so nobody keeps working on permissions head office has withdrawn.
 */
export function staffArea(deps: StaffAreaDeps & { sessions: Sessions }) {
  const feed = watchDocs(deps.pouch, ['staff:', 'staff-decision:', 'staff-request:'], (change) => {
    if (change.id.startsWith('staff:')) {
      deps.sessions.closeAllFor(change.id.slice('staff:'.length));
      deps.events.emit('staff.changed', { id: change.id });
    } else if (change.id.startsWith('staff-decision:') || change.id.startsWith('staff-request:')) {
      deps.events.emit('staff.changed', { id: change.id });
    }
  });

  const handlers: Handlers<typeof staffContract> = {
    'staff.list': async () => {
      const { trusted, untrusted } = await deps.staff.list();
      return {
        staff: trusted.map((r) => ({
          staffNo: r.staffNo, name: r.name, roles: r.roles, branch: r.branch, active: r.active,
          mustChangePassword: r.mustChangePassword, version: r.version, updatedAt: r.updatedAt,
        })),
        untrusted,
      };
    },
    ...staffRequestHandlers(deps),
  };

  return { handlers, close: () => feed.cancel() };
}
