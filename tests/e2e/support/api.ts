import { hostSession } from '../../../main/host/testing/host-api';
import { DEMO_PASSWORD } from '../pages/login-page';

/**
 * Calls the branch host's API as a logged-in member of staff: a spec's set-up or an independent read of what the
 * screen should show, never what is being tested.
 */
export function apiAs(baseUrl: string, staffNo: string): Promise<(method: string, args: unknown) => Promise<unknown>> {
  return hostSession(baseUrl, staffNo, DEMO_PASSWORD);
}
