import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface MultipartyForm {
  on(event: 'file', fn: (name: string, file: { path: string }) => void): unknown;
  parse(req: IncomingMessage & { res?: ServerResponse }, ...rest: unknown[]): unknown;
}

let patched = false;

/**
 * express-pouchdb, the reference server the sync tests and benches run beside ours, hands every multipart attachment
 * it receives to multiparty, which writes it to a file in the system temp folder and never deletes it (16 files were
 * left there per test run). This removes a request's upload files once its response is over.
 */
export function removeExpressPouchUploads(): void {
  if (patched) return;
  patched = true;
  const fromExpressPouch = createRequire(createRequire(import.meta.url).resolve('express-pouchdb'));
  const { Form } = fromExpressPouch('multiparty') as { Form: { prototype: MultipartyForm } };
  const parse = Form.prototype.parse;
  Form.prototype.parse = function (this: MultipartyForm, req, ...rest) {
    const files: string[] = [];
    this.on('file', (_name, file) => files.push(file.path));
    req.res?.once('close', () => {
      for (const file of files) void rm(file, { force: true });
    });
    return parse.call(this, req, ...rest);
  };
}
