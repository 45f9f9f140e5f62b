import { translate, type Params } from './translate';

/** translate() or the renderer's i18next `t`: both give back the key itself when they have no text for it. */
export type Translator = (key: string, params?: Params) => string;

// Segments that only wrap the fields a person filled in: "patch.requestedAmountFen" is the amount, not "申请内容·申请金额".
const WRAPPERS = new Set(['args', 'patch', 'customer', 'ruleSet', 'models', 'facts', 'config', 'draft']);

/** "shareholders.1.shareBp" as the core sends it → ["shareholders", 1, "shareBp"]. */
export const splitPath = (path: string): (string | number)[] => (path ? path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : []);

/**
 * The label a person sees for a path into a call's arguments, e.g. ["patch", "requestedAmountFen"] → "申请金额（元）",
 * ["shareholders", 1, "shareBp"] → "股东第2行·持股比例", ["ruleSet", "models", "admission", "rules", 3, "require", "max"]
 * → "准入模型·规则第4行·准入条件·上限". Never the raw path: an unknown segment is left out, and with nothing
 * left the label is "所填内容".
 */
export function fieldPathLabel(path: readonly PropertyKey[], tr: Translator = translate): string {
  const has = (key: string) => tr(key) !== key;
  const parts: string[] = [];
  let parent = '';
  path.forEach((seg, i) => {
    if (typeof seg === 'number') {
      if (parts.length) parts[parts.length - 1] += tr('field.row', { n: seg + 1 });
      return;
    }
    const name = String(seg);
    const qualified = `field.${parent}.${name}`;
    const key = has(qualified) ? qualified : `field.${name}`;
    parent = name;
    // A wrapper names itself only when it is the whole path ("customer" missing altogether).
    if (WRAPPERS.has(name) && i < path.length - 1) return;
    if (has(key)) parts.push(tr(key));
  });
  return parts.length ? parts.join('·') : tr('field.unknown');
}
