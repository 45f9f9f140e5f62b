import type { Handlers } from '../api/handlers';
import { approve, changePassword, decline, listRequests, myRequests, request } from './staff-request-actions';
import { staffRequestContext, type StaffAreaDeps } from './staff-request-records';
import type { staffContract } from './staff.contract';

export { stateOf, type StaffAreaDeps } from './staff-request-records';

type RequestMethods = 'staff.requests' | 'staff.myRequests' | 'staff.request' | 'staff.approve' | 'staff.decline' | 'staff.changePassword';

/**
 * Staff requests at the branch (new staff, roles, disable / enable, password reset or change): proved by the requester's
 * password and sealed to head office, approved by a second person where the rules ask, decided by head office
 * (its signed decision is the only answer believed). Each method is a named function over one StaffRequestContext.
 */
export function staffRequestHandlers(deps: StaffAreaDeps): Handlers<Pick<typeof staffContract, RequestMethods>> {
  const c = staffRequestContext(deps);
  return {
    'staff.requests': (args) => listRequests(c, args),
    'staff.myRequests': (_args, ctx) => myRequests(c, ctx),
    'staff.request': (args, ctx) => request(c, args, ctx),
    'staff.changePassword': (args, ctx) => changePassword(c, args, ctx),
    'staff.approve': (args, ctx) => approve(c, args, ctx),
    'staff.decline': (args, ctx) => decline(c, args, ctx),
  };
}
