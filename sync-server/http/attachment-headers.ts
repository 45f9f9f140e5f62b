/** Types a browser displays without running anything: served under the type the uploader gave. */
const PASSIVE =
  /^(image\/(png|jpeg|gif|webp|bmp|tiff|avif)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+|application\/(octet-stream|pdf|json|zip|gzip)|text\/(plain|csv))$/;
const HEADER_SAFE = /^[\x20-\x7e]{1,200}$/;

/**
 * Response headers for an attachment's bytes. The stored `content_type` is whatever a device uploaded, so a
 * `text/html` or `image/svg+xml` "scan" opened from head office would run script in the server's origin. Active or
 * malformed types are served as a download of `application/octet-stream`; everything is `nosniff` and sandboxed.
 * The JSON stub keeps the uploader's `content_type`, which is what PouchDB's replicator copies, so replication
 * round-trips it unchanged.
 */
export function attachmentHeaders(stored: unknown): Record<string, string> {
  const type = typeof stored === 'string' ? stored : '';
  const essence = (type.split(';')[0] ?? '').trim().toLowerCase();
  const passive = HEADER_SAFE.test(type) && PASSIVE.test(essence);
  return {
    'content-type': passive ? type : 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    ...(passive ? {} : { 'content-disposition': 'attachment' }),
  };
}
