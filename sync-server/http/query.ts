import { z } from 'zod';
import { badRequest } from '../errors';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseRequestJson } from './json';

/** Query parameters arrive as strings; CouchDB encodes booleans as words and keys/revs as JSON. */
export const qBool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const qInt = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number);
export const qJson = z.string().transform((s, ctx) => {
  if (nestsDeeperThan(s, MAX_JSON_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
    return z.NEVER;
  }
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'invalid JSON' });
    return z.NEVER;
  }
});

/** One schema per shape: zod compiles an object schema on its first parse, which costs ~100× the parse itself. */
const querySchemas = new WeakMap<z.ZodRawShape, z.ZodType>();

/** Parses a request's query with `shape` — pass a module-level constant, so its compiled schema is reused. */
export function parseQuery<S extends z.ZodRawShape>(shape: S, query: unknown): z.infer<z.ZodObject<S>> {
  let schema = querySchemas.get(shape);
  if (!schema) querySchemas.set(shape, (schema = z.looseObject(shape)));
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`query parameter ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as z.infer<z.ZodObject<S>>;
}

/** Validates a JSON request body; CouchDB answers a wrong shape with 400 bad_request. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  if (Buffer.isBuffer(body)) {
    body = body.length ? parseRequestJson(body.toString('utf8')) : undefined;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`${what}: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
