// The branch host's HTTP API as a test or a benchmark calls it from outside (as a screen would, over HTTP): one
// copy for the attack tests, the E2E set-up and the benches.

export interface HostReply<T> {
  status: number;
  body: { ok: boolean; value?: T; error?: { code: string; key?: string; message: string } };
}

const apiUrl = (baseUrl: string, method: string) => `${baseUrl.replace(/\/?$/, '/')}api/${method}`;

/** POST /api/<method> and the reply as it came (status and body), for tests that look at refusals. */
export async function postHost<T = unknown>(baseUrl: string, method: string, args: unknown, token?: string): Promise<HostReply<T>> {
  const res = await fetch(apiUrl(baseUrl, method), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: (await res.json()) as HostReply<T>['body'] };
}

/** The method's value; a refusal throws, naming the method. */
export async function callHost<T = unknown>(baseUrl: string, method: string, args: unknown, token?: string): Promise<T> {
  const { status, body } = await postHost<T>(baseUrl, method, args, token);
  if (!body.ok) throw new Error(`${method}: ${status} ${body.error?.message}`);
  return body.value as T;
}

/** Logs the member of staff in and calls methods as them. */
export async function hostSession(baseUrl: string, staffNo: string, password: string): Promise<<T = unknown>(method: string, args: unknown) => Promise<T>> {
  const { token } = await callHost<{ token: string }>(baseUrl, 'session.login', { staffNo, password });
  return <T = unknown>(method: string, args: unknown) => callHost<T>(baseUrl, method, args, token);
}
