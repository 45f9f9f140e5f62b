import { DEMO_PASSWORD } from '../pages/login-page';

/**
 * Calls the branch host's API as a logged-in member of staff: a spec's set-up or an independent read of what the
 * screen should show, never what is being tested.
 */
export async function apiAs(baseUrl: string, staffNo: string): Promise<(method: string, args: unknown) => Promise<unknown>> {
  const post = async (method: string, args: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
    return body.value;
  };
  const { token } = (await post('session.login', { staffNo, password: DEMO_PASSWORD })) as { token: string };
  return (method: string, args: unknown) => post(method, args, token);
}
