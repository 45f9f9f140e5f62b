// Card and licence artwork for the evaluation set: other fonts (WenQuanYi Zen Hei, AR PL UMing/UKai, DejaVu,
// Liberation Sans — never the Noto CJK the pipeline was developed on), other proportions, positions, label
// spacing and backgrounds than tests/fixtures/ocr/render.ts, and two licence layouts.
import type { Rng } from '../../domain/random';
import { between, choose, type EvalCompany, type EvalPerson } from './people';

/** 10 px per millimetre: an ID-1 card (85.6 × 54 mm). */
export const ID_W = 856;
export const ID_H = 540;

/** Fonts of the labels, of the values, and of the numbers (ID number, USCC, dates). */
export interface FontSet { labels: readonly string[]; values: readonly string[]; numbers: readonly string[] }

const FONTS_A: FontSet = {
  labels: ["'WenQuanYi Zen Hei'", "'AR PL UMing CN'"],
  values: ["'WenQuanYi Zen Hei'", "'AR PL UMing CN'", "'AR PL UKai CN'"],
  numbers: ["'DejaVu Sans Mono'", "'Liberation Sans'", "'DejaVu Serif'", "'DejaVu Sans'"],
};

/** The second evaluation variant's fonts (bench/ocr-eval/camera-b.ts captures): none of the first set's value fonts. */
export const FONTS_B: FontSet = {
  labels: ["'WenQuanYi Micro Hei'", "'AR PL UKai CN'"],
  values: ["'WenQuanYi Micro Hei'", "'WenQuanYi Zen Hei Sharp'", "'AR PL UKai CN'"],
  numbers: ["'Liberation Serif'", "'Liberation Sans Narrow'", "'DejaVu Sans Mono'"],
};

/** The fonts the evaluation needs; generating without them would silently fall back to the development fonts. */
export const REQUIRED_FONTS = ['WenQuanYi Zen Hei', 'WenQuanYi Zen Hei Sharp', 'WenQuanYi Micro Hei', 'AR PL UMing CN', 'AR PL UKai CN', 'DejaVu Sans Mono', 'Liberation Sans', 'Liberation Sans Narrow', 'Liberation Serif'];

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Style { font: string; size: number; fill?: string; spacing?: number; weight?: 'bold'; anchor?: 'middle' }

function t(x: number, y: number, s: string, st: Style): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${st.font}" font-size="${st.size.toFixed(1)}" fill="${st.fill ?? '#1a1a1a'}"` +
    `${st.spacing ? ` letter-spacing="${st.spacing.toFixed(1)}"` : ''}${st.weight ? ` font-weight="${st.weight}"` : ''}${st.anchor ? ` text-anchor="${st.anchor}"` : ''}>${xml(s)}</text>`;
}

/** Rosette of thin rings in a pale colour, unlike the wavy lines of the development cards. */
function rosette(cx: number, cy: number, r: number, colour: string): string {
  let out = '';
  for (let i = 0; i < 18; i++) {
    const a = (i * Math.PI) / 9;
    out += `<circle cx="${(cx + Math.cos(a) * r * 0.35).toFixed(1)}" cy="${(cy + Math.sin(a) * r * 0.35).toFixed(1)}" r="${(r * 0.65).toFixed(1)}" fill="none" stroke="${colour}" stroke-width="1" opacity="0.5"/>`;
  }
  return out;
}

function cardBase(rng: Rng, inner: string): string {
  const tint = choose(rng, [['#f3f7f2', '#e6eef4'], ['#f8f4ec', '#eaf1f6'], ['#f1f4f8', '#f7efe7']]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${ID_W}" height="${ID_H}">
<defs><radialGradient id="g" cx="0.4" cy="0.4" r="0.8"><stop offset="0" stop-color="${tint[0]}"/><stop offset="1" stop-color="${tint[1]}"/></radialGradient></defs>
<rect width="${ID_W}" height="${ID_H}" rx="${between(rng, 26, 34)}" fill="url(#g)"/>
${rosette(ID_W * (0.3 + rng() * 0.4), ID_H * (0.4 + rng() * 0.3), 260, choose(rng, ['#d6e4d9', '#dfd6e8', '#d3e2ea']))}${inner}</svg>`;
}

/** A head-and-shoulders portrait: skin, hair and clothes, as a recogniser meets it on a real card. */
function portrait(x: number, y: number, w: number, h: number, rng: Rng): string {
  const skin = choose(rng, ['#e8c4a8', '#d9b08c', '#f0d2ba']);
  const cloth = choose(rng, ['#2d3a4a', '#3b2f2f', '#1f3d2b', '#444']);
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#f4f7fb"/>
<ellipse cx="${x + w / 2}" cy="${y + h * 0.38}" rx="${w * 0.24}" ry="${h * 0.22}" fill="${skin}"/>
<path d="M ${x + w * 0.25} ${y + h * 0.34} Q ${x + w / 2} ${y + h * 0.02} ${x + w * 0.75} ${y + h * 0.34} L ${x + w * 0.72} ${y + h * 0.22} Q ${x + w / 2} ${y + h * 0.12} ${x + w * 0.28} ${y + h * 0.22} Z" fill="#1b1b1b"/>
<path d="M ${x + w * 0.08} ${y + h} Q ${x + w * 0.15} ${y + h * 0.66} ${x + w / 2} ${y + h * 0.64} Q ${x + w * 0.85} ${y + h * 0.66} ${x + w * 0.92} ${y + h} Z" fill="${cloth}"/>`;
}

/** Wraps text into lines of at most `n` characters. */
const wrapAt = (s: string, n: number): string[] => Array.from({ length: Math.ceil([...s].length / n) }, (_, i) => [...s].slice(i * n, (i + 1) * n).join(''));

export function idFront(p: EvalPerson, rng: Rng, fonts = FONTS_A): string {
  const labelFont = choose(rng, fonts.labels);
  const valueFont = choose(rng, fonts.values);
  const numFont = choose(rng, fonts.numbers);
  const label: Style = { font: labelFont, size: 29 + rng() * 4, fill: choose(rng, ['#2f6fa7', '#3d5f8f', '#4a7ab0']), spacing: rng() < 0.6 ? 12 + rng() * 10 : 0 };
  const value: Style = { font: valueFont, size: 32 + rng() * 5 };
  const L = 58 + rng() * 20;
  const V = 170 + rng() * 20;
  const dy = (rng() - 0.5) * 16;
  const row = (mm: number): number => mm * 10 + dy;
  const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
  const spaced = rng() < 0.5;
  const birth = spaced ? `${y} 年 ${m} 月 ${d} 日` : `${y}年${m}月${d}日`;
  // The address column ends before the portrait (about 37 mm): at most three lines, in a smaller size if it must.
  const perLine = Math.max(between(rng, 11, 12), Math.ceil([...p.address].length / 3));
  const addressStyle = { ...value, size: Math.min(value.size, 370 / perLine) };
  const address = wrapAt(p.address, perLine).map((line, i) => t(V, row(32) + i * 46, line, addressStyle)).join('');
  const ethnicityX = V + 120 + rng() * 30;
  return cardBase(rng, `
${t(L, row(11), '姓名', label)}${t(V, row(11), p.name, { ...value, size: value.size * 1.08 })}
${t(L, row(18), '性别', label)}${t(V, row(18), p.sex, value)}${t(ethnicityX, row(18), '民族', label)}${t(ethnicityX + 110, row(18), p.ethnicity, value)}
${t(L, row(25), '出生', label)}${t(V, row(25), birth, value)}
${t(L, row(32), '住址', label)}${address}
${t(L, row(49), '公民身份号码', { ...label, spacing: 0 })}${t(L + 250 + rng() * 20, row(49.3), p.idNumber, { font: numFont, size: 36 + rng() * 4, spacing: 1 + rng() * 4 })}
${portrait(555 + rng() * 20, 55 + rng() * 15, 230, 290, rng)}`);
}

function emblem(cx: number, cy: number, r: number): string {
  let star = '';
  for (let i = 0; i < 5; i++) {
    const a = -Math.PI / 2 + (i * 4 * Math.PI) / 5;
    star += `${i === 0 ? 'M' : 'L'} ${(cx + Math.cos(a) * r * 0.45).toFixed(1)} ${(cy + Math.sin(a) * r * 0.45).toFixed(1)} `;
  }
  return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#c8302c"/><circle cx="${cx}" cy="${cy}" r="${r * 0.82}" fill="none" stroke="#f2c14e" stroke-width="5"/><path d="${star}Z" fill="#f2c14e"/>`;
}

export function idBack(p: EvalPerson, rng: Rng, fonts = FONTS_A): string {
  const labelFont = choose(rng, fonts.labels);
  const valueFont = choose(rng, fonts.values);
  const label: Style = { font: labelFont, size: 28 + rng() * 4, fill: '#333', spacing: rng() < 0.5 ? 4 : 0 };
  const value: Style = { font: valueFont, size: 30 + rng() * 4 };
  const until = p.validUntil === '长期' ? '长期' : p.validUntil.replace(/-/g, '.');
  const period = `${p.validFrom.replace(/-/g, '.')}${choose(rng, ['-', '-', '—'])}${until}`;
  const x = 110 + rng() * 40;
  return cardBase(rng, `
${emblem(130 + rng() * 20, 140, 82)}
${t(560, 130, '中华人民共和国', { font: "'AR PL UMing CN'", size: 50, weight: 'bold', spacing: 8, anchor: 'middle' })}
${t(560, 250, '居民身份证', { font: "'WenQuanYi Zen Hei'", size: 70, spacing: 18, anchor: 'middle' })}
${t(x, 420, '签发机关', label)}${t(x + 170, 420, p.issuingAuthority, value)}
${t(x, 488, '有效期限', label)}${t(x + 170, 488, period, { ...value, font: rng() < 0.5 ? value.font : choose(rng, fonts.numbers) })}`);
}

export const LIC_W = 1485;
export const LIC_H = 1050;

/** A licence 副本 (A4 landscape at 5 px/mm) in one of two layouts: two columns, or one column. */
export function licence(c: EvalCompany, rng: Rng, fonts = FONTS_A): string {
  const labelFont = choose(rng, fonts.labels);
  const valueFont = choose(rng, fonts.values);
  const label: Style = { font: labelFont, size: 25 + rng() * 3 };
  const value: Style = { font: valueFont, size: 27 + rng() * 3 };
  const spacedLabel = (s: string): string => (s.length === 2 && rng() < 0.7 ? `${s[0]}\u3000\u3000${s[1]}` : s);
  const [y, m, d] = c.establishedDate.split('-');
  const established = `${y}年${m}月${d}日`;
  const term = rng() < 0.5 ? '长期' : `${established}至${Number(y) + 30}年${m}月${d}日`;
  const scope = ['粮食收购；农产品初加工服务；农业机械租赁；', '农作物种植；普通货物道路运输。', '（依法须经批准的项目，经相关部门批准后方可开展经营活动）'];
  let body = '';
  const lineH = value.size * 1.55;
  const rowsAt = (x: number, vx: number, y0: number, rows: Array<[string, string, number]>): void => {
    let yy = y0;
    for (const [lab, val, width] of rows) {
      const lines = wrapAt(val, width);
      body += t(x, yy, spacedLabel(lab), label) + lines.map((line, i) => t(vx, yy + i * lineH, line, value)).join('');
      yy += Math.max(1, lines.length) * lineH + 22;
    }
  };
  if (rng() < 0.6) {
    rowsAt(120, 300, 470, [['名称', c.companyName, 15], ['类型', c.companyType, 15], ['法定代表人', c.legalRepresentative, 15]]);
    body += t(120, 740, spacedLabel('经营范围'), label) + scope.map((s, i) => t(300, 740 + i * 36, s, { ...value, size: 22 })).join('');
    rowsAt(790, 960, 470, [['注册资本', c.registeredCapital, 14], ['成立日期', established, 14], ['营业期限', term, 14], ['住所', c.address, 14]]);
  } else {
    rowsAt(230, 450, 440, [['名称', c.companyName, 24], ['类型', c.companyType, 24], ['住所', c.address, 24], ['法定代表人', c.legalRepresentative, 24], ['注册资本', c.registeredCapital, 24], ['成立日期', established, 24], ['营业期限', term, 24]]);
  }
  let qr = '';
  for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) if (rng() < 0.5) qr += `<rect x="${1250 + i * 11}" y="${90 + j * 11}" width="11" height="11" fill="#222"/>`;
  const frame = choose(rng, ['#b8862b', '#a0522d', '#c49a3a']);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LIC_W}" height="${LIC_H}">
<rect width="${LIC_W}" height="${LIC_H}" fill="${choose(rng, ['#fdfaf2', '#fbf7ee', '#fffdf6'])}"/>
<rect x="24" y="24" width="${LIC_W - 48}" height="${LIC_H - 48}" fill="none" stroke="${frame}" stroke-width="10"/>
<rect x="44" y="44" width="${LIC_W - 88}" height="${LIC_H - 88}" fill="none" stroke="${frame}" stroke-width="3"/>
${t(90, 110, '统一社会信用代码', { ...label, size: 22 })}${t(90, 150, c.uscc, { font: choose(rng, fonts.numbers), size: 28, spacing: 1 })}
${t(1000, 80, `编号 ${String(between(rng, 100000, 999999))}${String(between(rng, 100000, 999999))}`, { font: "'DejaVu Sans'", size: 18 })}
${qr}
${t(LIC_W / 2, 290, '营业执照', { font: "'AR PL UMing CN'", size: 92, weight: 'bold', spacing: 30, anchor: 'middle' })}
${rng() < 0.5 ? t(LIC_W / 2, 345, '（副\u3000本）', { font: labelFont, size: 28, anchor: 'middle' }) : ''}
${body}
${t(960, 905, '登记机关', label)}<circle cx="1180" cy="890" r="78" fill="none" stroke="#d23" stroke-width="6" opacity="0.75"/>
${t(1110, 970, `${between(rng, 2019, 2025)}年${between(rng, 1, 12)}月${between(rng, 1, 28)}日`, { ...value, size: 24 })}
${t(90, 1000, '国家企业信用信息公示系统网址：http://www.gsxt.gov.cn', { font: labelFont, size: 18, fill: '#555' })}
</svg>`;
}
