import { levenshtein } from '../../../domain/ocr/glyphs';
import { type Quad, quadHeight, quadWidth } from './paddle/geometry';
import type { LineChoice } from './paddle/read-text';

/**
 * Lines at most this many of their heights long are read first: every label (统一社会信用代码 is the longest, 8),
 * the title and the short values. The business scope's lines, the footer and the longer values wait.
 */
const SHORT_LINE = 9;

/** The labels of the fields a licence's JSON is taken from (经营范围 and 登记机关 hold none). */
const FIELD_LABELS = ['统一社会信用代码', '名称', '类型', '法定代表人', '经营者', '注册资本', '成立日期', '注册日期', '营业期限', '住所', '经营场所'];
/** The address's label, or one character of 住  所 spaced out into two boxes. */
const ADDRESS_LABELS = ['住所', '经营场所', '住', '所'];
const SCOPE_LABEL = '经营范围';

/** A box in the page's frame: along the reading direction (u) and across it (v), as read (text) in the first turn. */
interface Placed { u0: number; u1: number; v0: number; v1: number; h: number; text: string }

function placed(quad: Quad, direction: number, text: string): Placed {
  const [c, s] = [Math.cos(direction), Math.sin(direction)];
  const us = quad.map((p) => p.x * c + p.y * s), vs = quad.map((p) => -p.x * s + p.y * c);
  return { u0: Math.min(...us), u1: Math.max(...us), v0: Math.min(...vs), v1: Math.max(...vs), h: quadHeight(quad), text };
}

const clean = (t: string): string => t.replace(/[\s\u3000]+/g, '');
/** A box that is one of these labels alone (a long label with one character misread, as the extraction allows). */
const isLabel = (t: string, labels: readonly string[]): boolean => labels.some((l) => (l.length <= 2 ? t === l : t.length <= l.length + 1 && [...Array(Math.max(1, t.length - l.length + 2)).keys()].some((k) => levenshtein(t.slice(k, k + l.length), l) <= 1)));

/**
 * Which lines of a licence are read at all. No field of the licence's JSON comes from its business scope (经营范围,
 * the largest block of text, a third of a two-column licence's reading), nor from the footer below it. The short
 * lines are read first; when they show the 经营范围 label alone in its box, with at least two field labels above
 * it and the address's label placed where its value cannot run into the scope, the long lines that start in the
 * scope's column — right of the label, or under it — from the label's row down to the next field label in that
 * column, are not read. The scope's column ends where the labels of a column to its right begin, so the address
 * running on beside the scope is read. Otherwise (a label not found or misread, another layout) every line is read.
 */
export const licenceLinesToRead: LineChoice = {
  first: (quads) => (i) => quadWidth(quads[i]!) <= SHORT_LINE * quadHeight(quads[i]!),
  rest: (first, direction) => {
    const all = first.map((b) => placed(b.quad, direction, clean(b.chars.map((c) => c.ch).join(''))));
    const read = all.filter((p) => p.text !== '');
    const scopes = read.filter((p) => isLabel(p.text, [SCOPE_LABEL]));
    const scope = scopes.length === 1 ? scopes[0]! : undefined;
    if (!scope) return () => true;
    const labels = read.filter((p) => p !== scope && isLabel(p.text, FIELD_LABELS));
    const above = labels.filter((p) => p.v1 <= scope.v0);
    const address = read.filter((p) => isLabel(p.text, ADDRESS_LABELS));
    // Labels of a column right of the scope's (the address's spaced 住 or 所 among them): where the scope's column ends.
    const right = [...labels, ...address].filter((p) => p.u0 > scope.u1 + scope.h);
    const columnEnd = Math.min(Infinity, ...right.map((p) => p.u0));
    // The address's label above the scope in its column, or in the column to its right; else nothing is spared.
    const addressClear = address.length > 0 && address.every((p) => p.u0 > scope.u1 + scope.h || p.v1 <= scope.v0);
    if (above.length < 2 || !addressClear) return () => true;
    // A field label under the scope in its column ends the stretch spared.
    const below = labels.filter((p) => p.v0 >= scope.v1 && p.u0 < columnEnd);
    const end = Math.min(Infinity, ...below.map((p) => p.v0));
    return (i) => {
      const p = all[i]!;
      const inStretch = p.v0 >= scope.v0 - 0.5 * scope.h && p.v1 <= end && p.u0 < columnEnd;
      const besideOrUnder = p.u0 >= scope.u1 - 0.5 * scope.h || p.v0 >= scope.v1;
      return !(inStretch && besideOrUnder);
    };
  },
};

