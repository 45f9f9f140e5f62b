// The third evaluation variant's documents as HTML/CSS, drawn by Chromium (not SVG through librsvg as cards.ts):
// a 居民身份证 front and back at 10 CSS px per mm (85.6 × 54 mm → 856 × 540) and a 2019-style 营业执照 (副本) at
// 1400 × 990, laid out as the real ones are. Fonts none of the other generators use: Droid Sans Fallback (a 黑体),
// AR PL SungtiL GB (宋), AR PL KaitiM GB (楷) and OCR-B, the typeface of the real card's number. Every font stack
// ends in one of them, so a missing glyph can never fall back to the development fonts.
import type { Rng } from '../../domain/random';
import type { EvalCompany, EvalPerson } from './people';

export const CARD_W = 856;
export const CARD_H = 540;
export const LICENCE_W = 1400;
export const LICENCE_H = 990;
/** The fonts this variant draws with (scripts/setup.sh installs them; the generator refuses to run without them). */
export const FONTS_C = ['Droid Sans Fallback', 'AR PL SungtiL GB', 'AR PL KaitiM GB', 'OCR B'];

const HEI = "'Droid Sans Fallback', 'AR PL SungtiL GB'";
const SONG = "'AR PL SungtiL GB', 'Droid Sans Fallback'";
const KAI = "'AR PL KaitiM GB', 'AR PL SungtiL GB', 'Droid Sans Fallback'";
const OCRB = "'OCR B', 'Droid Sans Fallback'";

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const jitter = (rng: Rng, r: number): number => (rng() * 2 - 1) * r;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const px = (n: number): string => `${n.toFixed(1)}px`;

/** Text at a position: `top` is the top of the line box; font-size sets the glyph height. */
function at(x: number, y: number, text: string, style: string): string {
  return `<div style="position:absolute;left:${px(x)};top:${px(y)};white-space:nowrap;line-height:1;${style}">${esc(text)}</div>`;
}

/** Fine wavy lines, as the anti-copy background of a card or licence (a light guilloche), seeded. */
function guilloche(rng: Rng, w: number, h: number, colours: readonly string[], lines: number, opacity: number): string {
  const paths: string[] = [];
  for (let i = 0; i < lines; i++) {
    const y0 = (i / lines) * h * 1.2 - h * 0.1;
    const amp = 6 + rng() * 18;
    const period = 60 + rng() * 140;
    const phase = rng() * Math.PI * 2;
    let d = `M0 ${y0.toFixed(1)}`;
    for (let x = 8; x <= w; x += 8) d += ` L${x} ${(y0 + amp * Math.sin(phase + (x / period) * Math.PI * 2) + 0.04 * x * Math.sin(phase)).toFixed(1)}`;
    paths.push(`<path d="${d}" stroke="${pick(rng, colours)}" stroke-width="${(0.6 + rng() * 0.6).toFixed(2)}" fill="none"/>`);
  }
  const rings = Array.from({ length: 14 }, (_, i) => `<circle cx="${(w * 0.45).toFixed(0)}" cy="${(h * 0.55).toFixed(0)}" r="${40 + i * 22}" stroke="${pick(rng, colours)}" stroke-width="0.7" fill="none"/>`).join('');
  return `<svg width="${w}" height="${h}" style="position:absolute;left:0;top:0;opacity:${opacity}" xmlns="http://www.w3.org/2000/svg">${paths.join('')}${rings}</svg>`;
}

/** The national emblem, simplified: a red disc, a gold ring, five stars and the gate. */
function emblem(x: number, y: number, size: number): string {
  const star = (cx: number, cy: number, r: number): string => {
    const pts = Array.from({ length: 10 }, (_, i) => {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 ? r * 0.4 : r;
      return `${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`;
    });
    return `<polygon points="${pts.join(' ')}" fill="#f4c430"/>`;
  };
  return `<svg width="${size}" height="${size}" viewBox="0 0 100 100" style="position:absolute;left:${px(x)};top:${px(y)}" xmlns="http://www.w3.org/2000/svg">
<circle cx="50" cy="50" r="48" fill="#f4c430"/><circle cx="50" cy="50" r="41" fill="#d7261e"/>
${star(34, 28, 10)}${star(50, 16, 4)}${star(58, 24, 4)}${star(58, 35, 4)}${star(50, 42, 4)}
<rect x="28" y="52" width="44" height="6" fill="#f4c430"/><rect x="32" y="60" width="36" height="14" fill="#f4c430"/>
<rect x="46" y="64" width="8" height="10" fill="#d7261e"/><rect x="20" y="78" width="60" height="5" fill="#f4c430"/></svg>`;
}

/** A head-and-shoulders portrait on the photo's pale ground (no real face; tone and hair vary). */
function portrait(rng: Rng, x: number, y: number, w: number, h: number): string {
  const skin = pick(rng, ['#e8c4a4', '#dcb08c', '#c99a76', '#efd0b4']);
  const hair = pick(rng, ['#1b1b1b', '#2b2118', '#3a2c20']);
  const coat = pick(rng, ['#1f2a44', '#2e2e2e', '#3b4a5e', '#5a4632']);
  const ground = pick(rng, ['#f4f6f8', '#eef2f6', '#f6f3ee']);
  const hx = 50 + jitter(rng, 3);
  return `<svg width="${w}" height="${h}" viewBox="0 0 100 125" preserveAspectRatio="none" style="position:absolute;left:${px(x)};top:${px(y)}" xmlns="http://www.w3.org/2000/svg">
<rect width="100" height="125" fill="${ground}"/>
<path d="M8 125 C10 96 28 88 ${hx} 86 C72 88 90 96 92 125 Z" fill="${coat}"/>
<rect x="${hx - 8}" y="68" width="16" height="22" fill="${skin}"/>
<ellipse cx="${hx}" cy="52" rx="${19 + jitter(rng, 2)}" ry="25" fill="${skin}"/>
<path d="M${hx - 21} 50 C${hx - 22} 22 ${hx + 22} 20 ${hx + 21} 48 C${hx + 14} 34 ${hx - 12} 32 ${hx - 21} 50 Z" fill="${hair}"/>
<ellipse cx="${hx - 7}" cy="54" rx="2.2" ry="1.4" fill="#222"/><ellipse cx="${hx + 7}" cy="54" rx="2.2" ry="1.4" fill="#222"/>
<path d="M${hx - 5} 68 Q${hx} 71 ${hx + 5} 68" stroke="#8a4a3a" stroke-width="1.2" fill="none"/></svg>`;
}

/** The card's ground: pale, slightly coloured, with the guilloche; seeded hue. */
function cardGround(rng: Rng, tint: readonly [string, string]): string {
  return `<div style="position:absolute;inset:0;background:linear-gradient(${Math.round(rng() * 360)}deg, ${tint[0]}, ${tint[1]})"></div>${guilloche(rng, CARD_W, CARD_H, ['#9fc3d8', '#c8b4d4', '#b9d6b0', '#e0c7a8'], 26, 0.55)}`;
}

const cardBox = (inner: string): string => `<div class="doc" style="position:relative;width:${CARD_W}px;height:${CARD_H}px;border-radius:32px;overflow:hidden;background:#f3f5f2">${inner}</div>`;

/** Value fonts of a card: mostly 黑体 like the real card's, sometimes 宋 or 楷 (head office's other generator). */
function valueFont(rng: Rng): string {
  const r = rng();
  return r < 0.6 ? HEI : r < 0.88 ? SONG : KAI;
}

/** The address column: about 11 characters a line (digits are narrower, so more of them fit), smaller past 4 lines. */
function addressBlock(x: number, y: number, address: string, style: string, size: number): string {
  const fitted = address.length > 44 ? size * 0.86 : size;
  return `<div style="position:absolute;left:${px(x)};top:${px(y)};width:${px(size * 11.2)};line-height:1.3;word-break:break-all;line-break:strict;${style};font-size:${px(fitted)}">${esc(address)}</div>`;
}

export function idFrontC(p: EvalPerson, rng: Rng): string {
  const labelColour = pick(rng, ['#3d7cb8', '#4a86b5', '#2f6e9e', '#5b8fb9']);
  const label = `font-family:${pick(rng, [HEI, HEI, SONG])};font-size:${px(23 + rng() * 3)};color:${labelColour}`;
  const vf = valueFont(rng);
  const bold = rng() < 0.4 ? 'font-weight:bold;' : '';
  const value = `font-family:${vf};font-size:${px(30 + rng() * 3)};color:#111;${bold}`;
  const lx = 58 + jitter(rng, 4);
  const vx = lx + 78 + jitter(rng, 4);
  const dy = jitter(rng, 4);
  const row = (n: number): number => 62 + dy + n * 62;
  const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
  const address = addressBlock(vx, row(3) - 4, p.address, value, 30 + rng() * 2);
  const digits = `font-family:${vf};font-size:${px(30 + rng() * 2)};color:#111;${bold}`;
  const idSize = 33 + rng() * 3;
  return cardBox(`${cardGround(rng, pick(rng, [['#eef4f6', '#e3eef2'], ['#f4f1ea', '#e9eef0'], ['#f1f5ef', '#e8eef3']]))}
${portrait(rng, 560 + jitter(rng, 6), 66 + jitter(rng, 4), 250, 312)}
${at(lx, row(0), '姓名', label)}${at(vx, row(0) - 4, p.name, `${value};font-size:${px(33 + rng() * 3)}`)}
${at(lx, row(1), '性别', label)}${at(vx, row(1) - 2, p.sex, value)}
${at(lx + 190, row(1), '民族', label)}${at(lx + 268, row(1) - 2, p.ethnicity, value)}
${at(lx, row(2), '出生', label)}${at(vx, row(2) - 2, String(y), digits)}${at(vx + 86, row(2), '年', label)}
${at(vx + 128, row(2) - 2, String(m).padStart(2, ' '), digits)}${at(vx + 166, row(2), '月', label)}
${at(vx + 206, row(2) - 2, String(d).padStart(2, ' '), digits)}${at(vx + 244, row(2), '日', label)}
${at(lx, row(3), '住址', label)}${address}
${at(lx, 458 + dy, '公民身份号码', label)}${at(lx + 212 + jitter(rng, 6), 452 + dy, p.idNumber, `font-family:${OCRB};font-size:${px(idSize)};letter-spacing:${px(1.5 + rng() * 2)};color:#111`)}`);
}

const dotted = (iso: string): string => iso.replace(/-/g, '.');

export function idBackC(p: EvalPerson, rng: Rng): string {
  const label = `font-family:${pick(rng, [HEI, SONG])};font-size:${px(24 + rng() * 3)};color:#222`;
  const vf = valueFont(rng);
  const valueSize = Math.min(30 + rng() * 2, 470 / p.issuingAuthority.length);
  const value = `font-family:${vf};font-size:${px(valueSize)};color:#111`;
  const period = `${dotted(p.validFrom)}-${p.validUntil === '长期' ? '长期' : dotted(p.validUntil)}`;
  const lx = 178 + jitter(rng, 6);
  const vx = lx + 132 + jitter(rng, 4);
  return cardBox(`${cardGround(rng, pick(rng, [['#eef3f5', '#f3efe6'], ['#f0f2ec', '#e6edf2']]))}
${emblem(52 + jitter(rng, 4), 40 + jitter(rng, 4), 150)}
${at(262, 78, '中华人民共和国', `font-family:${SONG};font-size:42px;letter-spacing:10px;font-weight:bold;color:#1a1a1a`)}
${at(232, 170, '居民身份证', `font-family:${HEI};font-size:70px;letter-spacing:22px;font-weight:bold;color:#1a1a1a`)}
${at(lx, 394, '签发机关', label)}${at(vx, 392, p.issuingAuthority, value)}
${at(lx, 456, '有效期限', label)}${at(vx, 454, period, `${value};font-size:${px(29 + rng() * 2)}`)}`);
}

const SCOPE = ['农业技术开发、技术咨询、技术服务', '农产品初加工', '谷物、豆类、油料和薯类种植', '蔬菜、水果种植及销售', '畜禽养殖（不含种畜禽）', '农业机械销售及租赁',
  '化肥、农药（不含危险化学品）销售', '普通货物道路运输', '建筑材料、五金交电销售', '食品经营（销售预包装食品）', '仓储服务（不含危险品）', '农副产品收购',
  '日用百货、针纺织品销售', '园林绿化工程施工', '电子商务平台运营', '中药材种植、收购及销售', '饲料生产、销售', '茶叶种植、加工及销售'];

/** A QR code's look (finder squares and seeded modules); it encodes nothing. */
function qr(rng: Rng, x: number, y: number, size: number): string {
  const n = 29;
  const cell = size / n;
  const finder = (cx: number, cy: number): boolean => cx < 7 && cy < 7;
  const inFinder = (i: number, j: number): boolean => finder(i, j) || finder(n - 1 - i, j) || finder(i, n - 1 - j);
  const rects: string[] = [];
  for (const [fx, fy] of [[0, 0], [n - 7, 0], [0, n - 7]] as const) {
    rects.push(`<rect x="${fx * cell}" y="${fy * cell}" width="${7 * cell}" height="${7 * cell}" fill="#111"/><rect x="${(fx + 1) * cell}" y="${(fy + 1) * cell}" width="${5 * cell}" height="${5 * cell}" fill="#fff"/><rect x="${(fx + 2) * cell}" y="${(fy + 2) * cell}" width="${3 * cell}" height="${3 * cell}" fill="#111"/>`);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!inFinder(i, j) && rng() < 0.48) rects.push(`<rect x="${(i * cell).toFixed(2)}" y="${(j * cell).toFixed(2)}" width="${cell.toFixed(2)}" height="${cell.toFixed(2)}" fill="#111"/>`);
  return `<svg width="${size}" height="${size}" style="position:absolute;left:${px(x)};top:${px(y)};background:#fff" xmlns="http://www.w3.org/2000/svg">${rects.join('')}</svg>`;
}

/** The registering authority's round red seal, its name along the rim. */
function seal(x: number, y: number, r: number, name: string): string {
  return `<svg width="${2 * r}" height="${2 * r}" viewBox="0 0 200 200" style="position:absolute;left:${px(x - r)};top:${px(y - r)};opacity:0.78;mix-blend-mode:multiply" xmlns="http://www.w3.org/2000/svg">
<defs><path id="rim" d="M30 110 A72 72 0 1 1 170 110"/></defs>
<circle cx="100" cy="100" r="94" stroke="#d22" stroke-width="6" fill="none"/>
<text font-family="${SONG.replace(/'/g, '')}" font-size="${Math.min(26, 300 / name.length).toFixed(1)}" fill="#d22" font-weight="bold"><textPath href="#rim" startOffset="50%" text-anchor="middle">${esc(name)}</textPath></text>
<polygon points="100,70 109,95 135,95 114,110 122,135 100,120 78,135 86,110 65,95 91,95" fill="#d22"/></svg>`;
}

const ymd = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${y}年${m}月${d}日`;
};

export function licenceC(c: EvalCompany, rng: Rng): string {
  const labelFont = pick(rng, [HEI, SONG]);
  const valueFontL = pick(rng, [SONG, SONG, HEI, KAI]);
  const ls = 22 + rng() * 3;
  const vs = 22 + rng() * 3;
  const label = `font-family:${labelFont};font-size:${px(ls)};color:#1a1a1a;font-weight:bold`;
  const value = `font-family:${valueFontL};font-size:${px(vs)};color:#111`;
  const lx = 150 + jitter(rng, 8);
  const rx = 770 + jitter(rng, 8);
  const top = 352 + jitter(rng, 6);
  const [fy, fm, fd] = c.establishedDate.split('-').map(Number) as [number, number, number];
  const term = rng() < 0.6 ? '长期' : ymd(`${fy + pick(rng, [20, 30, 50])}-${String(fm).padStart(2, '0')}-${String(Math.max(1, fd - 1)).padStart(2, '0')}`);
  const scope = Array.from({ length: 4 + Math.floor(rng() * 5) }, () => pick(rng, SCOPE)).filter((s, i, a) => a.indexOf(s) === i).join('；') + '。（依法须经批准的项目，经相关部门批准后方可开展经营活动）';
  const spaced = (s: string): string => (s.length === 2 ? `${s[0]}\u3000\u3000${s[1]}` : s);
  // Each column flows as on the real licence: a label, its value wrapped by the browser within the column.
  const row = (l: string, v: string, labelW: number, extra = ''): string =>
    `<div style="display:flex;margin-bottom:20px"><div style="flex:0 0 ${labelW}px;${label}">${esc(spaced(l))}</div><div style="flex:1;line-height:1.4;word-break:break-all;line-break:strict;${value};${extra}">${esc(v)}</div></div>`;
  const leftW = 600;
  const valueW = leftW - 150;
  // The scope gets the lines left above the 登记机关 line (estimated from the rows above it; it is printed smaller).
  const linesOf = (v: string, size: number): number => Math.ceil((v.length * size) / valueW);
  const used = [c.companyName, c.companyType, c.legalRepresentative].reduce((h, v) => h + linesOf(v, vs) * vs * 1.4 + 20, 0);
  const scopeSize = vs * 0.86;
  const scopeLines = Math.max(2, Math.floor((850 - top - used) / (scopeSize * 1.4)));
  const left = `<div style="position:absolute;left:${px(lx)};top:${px(top)};width:${leftW}px">${row('名称', c.companyName, 150)}${row('类型', c.companyType, 150)}${row('法定代表人', c.legalRepresentative, 150)}${row('经营范围', scope, 150, `font-size:${px(scopeSize)};display:-webkit-box;-webkit-line-clamp:${scopeLines};-webkit-box-orient:vertical;overflow:hidden`)}</div>`;
  const right = `<div style="position:absolute;left:${px(rx)};top:${px(top)};width:500px">${row('注册资本', c.registeredCapital, 130)}${row('成立日期', ymd(c.establishedDate), 130)}${row('营业期限', `${ymd(c.establishedDate)} 至 ${term}`, 130)}${row('住所', c.address, 130)}</div>`;
  const [registry] = c.address.match(/^.*?(县|市|区|旗)/) ?? [''];
  const authority = `${registry.replace(/^.*?(省|自治区)/, '')}市场监督管理局`;
  const year = Number(c.establishedDate.slice(0, 4)) + Math.floor(rng() * 3);
  const issued = `${Math.min(year, 2026)}年${Math.floor(1 + rng() * 12)}月${Math.floor(1 + rng() * 28)}日`;
  const frame = pick(rng, ['#c79a55', '#b8864a', '#d0a562']);
  return `<div class="doc" style="position:relative;width:${LICENCE_W}px;height:${LICENCE_H}px;overflow:hidden;background:#fbfaf4">
${guilloche(rng, LICENCE_W, LICENCE_H, ['#e8d9b8', '#efe2c4', '#e3e7d2'], 40, 0.5)}
<div style="position:absolute;left:26px;top:26px;right:26px;bottom:26px;border:10px double ${frame}"></div>
<div style="position:absolute;left:46px;top:46px;right:46px;bottom:46px;border:2px solid ${frame}"></div>
${emblem(LICENCE_W / 2 - 55, 70, 110)}
${at(LICENCE_W / 2 - 250, 196, '营业执照', `font-family:${SONG};font-size:92px;letter-spacing:44px;font-weight:bold;color:#b3201c;width:540px;text-align:center`)}
${at(LICENCE_W / 2 - 60, 296, '（副　本）', `font-family:${SONG};font-size:24px;color:#222`)}
${at(96, 118, '统一社会信用代码', `font-family:${labelFont};font-size:22px;color:#222`)}
${at(96, 152, c.uscc, `font-family:${pick(rng, [HEI, OCRB])};font-size:${px(27 + rng() * 3)};color:#111;letter-spacing:1px;font-weight:bold`)}
${at(96, 196, `证照编号：${String(Math.floor(rng() * 1e9)).padStart(9, '0')}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`, `font-family:${labelFont};font-size:16px;color:#333`)}
${qr(rng, 1170, 96, 120)}
${at(1120, 226, '扫描二维码登录“国家企业信用', `font-family:${HEI};font-size:13px;color:#333`)}${at(1120, 244, '信息公示系统”了解更多登记、', `font-family:${HEI};font-size:13px;color:#333`)}${at(1120, 262, '备案、许可、监管信息。', `font-family:${HEI};font-size:13px;color:#333`)}
${left}
${right}
${at(880, 800, '登记机关', `${label};font-size:24px`)}
${at(1010, 862, issued, `font-family:${SONG};font-size:24px;color:#111`)}
${seal(1090, 820, 92, authority)}
${at(110, 900, '国家企业信用信息公示系统网址：http://www.gsxt.gov.cn', `font-family:${HEI};font-size:15px;color:#444`)}
${at(760, 900, '市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。', `font-family:${HEI};font-size:15px;color:#444`)}
${at(560, 930, '国家市场监督管理总局监制', `font-family:${HEI};font-size:14px;color:#666`)}
</div>`;
}
