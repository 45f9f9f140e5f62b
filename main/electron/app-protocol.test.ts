import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, resolveAppFile, serveAppRequest } from './app-protocol';

let root: string;
beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'jw-app-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>精微网点</title>');
  writeFileSync(path.join(root, 'assets', 'main-abc.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer folder');
  writeFileSync(path.join(base, 'renderer-evil.html'), 'sibling with a shared prefix');
});

describe('app:// requests', () => {
  it('serves files of the renderer folder, index.html for the root, with the query ignored', () => {
    expect(resolveAppFile(`${APP_ROOT}index.html?role=desk`, root)).toEqual({ ok: true, file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppFile(APP_ROOT, root)).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppFile(`${APP_ROOT}assets/main-abc.js`, root)).toMatchObject({ ok: true, contentType: 'text/javascript; charset=utf-8' });
  });

  it('never resolves outside the folder, however the path is spelt', () => {
    const spellings = ['../secret.txt', '../../secret.txt', '%2e%2e/secret.txt', '.%2e/secret.txt', '..%2fsecret.txt', '%2E%2E%2Fsecret.txt', 'assets/..%2f..%2fsecret.txt',
      '..%5csecret.txt', 'assets%5c..%5c..%5csecret.txt', '%252e%252e/secret.txt', 'index.html%00.png', '..\\secret.txt', '../renderer-evil.html', 'assets/../../secret.txt'];
    for (const p of spellings) {
      const r = resolveAppFile(`${APP_ROOT}${p}`, root);
      if (r.ok) expect(r.file.startsWith(root + path.sep), p).toBe(true);
    }
    // Encoded separators, backslashes and NUL are refused outright, not merely kept inside.
    for (const p of ['..%2fsecret.txt', 'assets%5c..%5c..%5csecret.txt', 'index.html%00.png', '..\\secret.txt']) expect(resolveAppFile(`${APP_ROOT}${p}`, root), p).toEqual({ ok: false, status: 403 });
  });

  it('refuses other hosts, schemes, credentials and ports', () => {
    expect(resolveAppFile('app://evil/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('file:///etc/passwd', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('app://user:pw@jingwei/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('app://jingwei:8080/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('not a url', root)).toEqual({ ok: false, status: 400 });
  });

  it('serves only known file types', () => {
    expect(resolveAppFile(`${APP_ROOT}assets/x.exe`, root)).toEqual({ ok: false, status: 404 });
  });
});

describe('the protocol handler', () => {
  const csp = "default-src 'self'; connect-src 'self'";
  it('answers with the file, its type, nosniff, and the CSP on HTML', async () => {
    const res = await serveAppRequest({ url: `${APP_ROOT}index.html?role=kiosk`, method: 'GET' }, root, csp);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(csp);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('精微网点');
    const js = await serveAppRequest({ url: `${APP_ROOT}assets/main-abc.js`, method: 'GET' }, root, csp);
    expect(js.headers.get('content-security-policy')).toBeNull();
  });

  it('answers a traversal with 403 and never reads outside the folder', async () => {
    const read: string[] = [];
    const res = await serveAppRequest({ url: `${APP_ROOT}..%2fsecret.txt`, method: 'GET' }, root, csp, async (f) => {
      read.push(f);
      return new Uint8Array();
    });
    expect(res.status).toBe(403);
    expect(read).toEqual([]);
  });

  it('answers 404 for a missing file and 405 for writes', async () => {
    expect((await serveAppRequest({ url: `${APP_ROOT}nope.js`, method: 'GET' }, root, csp)).status).toBe(404);
    expect((await serveAppRequest({ url: `${APP_ROOT}index.html`, method: 'POST' }, root, csp)).status).toBe(405);
  });
});
