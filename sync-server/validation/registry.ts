import { z } from 'zod';

/**
 * Schemas of the synced document types, by `type`. Branch databases accept only registered types, so a new
 * synced type must be registered here (or via `registerDocType` at start-up) before devices can push it.
 */
const schemas = new Map<string, z.ZodType>();

export function registerDocType(type: string, schema: z.ZodType): void {
  if (!/^[a-z][a-z0-9-]*$/.test(type)) throw new Error(`invalid document type name: ${type}`);
  schemas.set(type, schema);
}

export const registeredTypes = (): string[] => [...schemas.keys()].sort();
export const schemaOf = (type: string): z.ZodType | undefined => schemas.get(type);

export type DocCheck = { ok: true } | { ok: false; reason: string };

/** Checks a branch document against its type's schema; the reason names the field first in Chinese. */
export function checkTypedDoc(doc: Record<string, unknown>): DocCheck {
  const type = doc.type;
  if (typeof type !== 'string') return { ok: false, reason: '缺少字段 type (document has no "type" field)' };
  const schema = schemas.get(type);
  if (!schema) return { ok: false, reason: `未知的文档类型 "${type}" (unknown document type "${type}")` };
  const parsed = schema.safeParse(doc);
  if (parsed.success) return { ok: true };
  const issues = parsed.error.issues.slice(0, 5).map((i) => {
    const field = i.path.map(String).join('.') || '(文档)';
    return `字段 ${field} 不符合规则 (${type}.${field}: ${i.message})`;
  });
  return { ok: false, reason: issues.join('; ') };
}
