import { normalizeResidentId, residentIdCheckChar, validateResidentId, type ResidentIdRule } from '../identity/resident-id';

/**
 * A village committee's household list (村委会农户花名册): one row per person, grouped into households by 户号 or,
 * without that column, by order (a 户主 row starts a household, the rows under it are its members). Pure: the
 * import worker runs it, the tests run it, nothing here reads a file or a database.
 */

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'child-in-law', 'sibling', 'grandparent', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_ZH: Record<Relation, string> = {
  head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', 'child-in-law': '儿媳/女婿', sibling: '兄弟姐妹',
  grandparent: '祖父母', other: '其他',
};

/** The words committees write in the 与户主关系 column, as found on real 花名册 and 户口簿. */
const RELATION_WORDS: Record<string, Relation> = Object.fromEntries(
  (
    [
      ['head', '户主 本人 户主本人'],
      ['spouse', '配偶 妻 夫 妻子 丈夫 之妻 之夫'],
      ['child', '子女 子 女 儿子 女儿 长子 次子 三子 长女 次女 三女 独子 独女 养子 养女 继子 继女'],
      ['parent', '父母 父 母 父亲 母亲 继父 继母 养父 养母'],
      ['grandchild', '孙子女 孙子 孙女 外孙 外孙子 外孙女'],
      ['child-in-law', '儿媳 媳妇 女婿 儿媳妇'],
      ['sibling', '兄弟姐妹 兄 弟 姐 妹 哥哥 弟弟 姐姐 妹妹'],
      ['grandparent', '祖父母 祖父 祖母 爷爷 奶奶 外祖父 外祖母'],
      ['other', '其他 其它 亲属 其他亲属'],
    ] as const
  ).flatMap(([rel, words]) => words.split(' ').map((w) => [w, rel])),
);

export function parseRelation(text: string): Relation | null {
  return RELATION_WORDS[text.replace(/\s+/gu, '')] ?? null;
}

/** Field → the column names a committee uses for it; the first is the template's. */
export const LIST_COLUMNS = {
  householdNo: ['户号', '户编号', '家庭编号', '户籍编号', '户序号'],
  group: ['村民小组', '组别', '组', '小组', '所属组'],
  name: ['姓名', '成员姓名', '家庭成员姓名', '名字'],
  relation: ['与户主关系', '与户主的关系', '关系', '家庭关系', '户内关系'],
  idNumber: ['身份证号码', '公民身份号码', '身份证号', '身份证', '证件号码'],
  phone: ['联系电话', '手机号码', '手机号', '电话', '手机', '联系方式'],
} as const;
export type ListField = keyof typeof LIST_COLUMNS;
const REQUIRED_FIELDS: ListField[] = ['name', 'relation', 'idNumber'];

/** The template's header: the first name of each column. */
export const TEMPLATE_HEADERS = (Object.keys(LIST_COLUMNS) as ListField[]).map((f) => LIST_COLUMNS[f][0]);

/** Header cell as written: spaces, a required-star and full-width brackets around a note are not part of the name. */
const headerKey = (h: string) => h.normalize('NFKC').replace(/\s+/gu, '').replace(/^\*+|\*+$/gu, '').replace(/\(.*\)$/u, '');

export type ListMapping = Partial<Record<ListField, string>>;

/** Finds each field's column, or says in Chinese which required columns are missing. */
export function mapListColumns(headers: string[]): ListMapping | string {
  const mapping: ListMapping = {};
  for (const field of Object.keys(LIST_COLUMNS) as ListField[]) {
    const names: readonly string[] = LIST_COLUMNS[field];
    const found = headers.find((h) => names.includes(headerKey(h)));
    if (found !== undefined) mapping[field] = found;
  }
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);
  if (missing.length === 0) return mapping;
  return `表头缺少必填列：${missing.map((f) => LIST_COLUMNS[f][0]).join('、')}（请使用模板的列名，或常用列名如：${missing.map((f) => LIST_COLUMNS[f].join('/')).join('；')}）`;
}

export interface ListRow {
  line: number;
  householdNo: string;
  group: string;
  name: string;
  /** Normalised (NFKC, upper-case X); as typed when it is invalid, so the problem can be shown. */
  idNumber: string;
  relationText: string;
  relation: Relation | null;
  phone: string;
  /** Problems of this row alone (bad ID, unknown relation…), in Chinese. */
  problems: string[];
}

type CellValue = string | number | boolean | Date | null | undefined;

const cellText = (v: CellValue): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());

const ID_RULE_ZH: Record<ResidentIdRule, string> = {
  required: '身份证号码未填写',
  length: '身份证号码应为18位',
  charset: '身份证号码只能是17位数字加1位数字或X',
  region: '身份证号码前6位不是有效的行政区划代码',
  birthDate: '身份证号码中的出生日期不存在',
  checkDigit: '身份证号码校验位不正确',
};

/** The cells of one row that the list uses, as read (the import worker hands these over). */
export interface ListCells {
  line: number;
  householdNo: string;
  group: string;
  name: string;
  /** A number when Excel stored the ID as one (and lost its last digits). */
  idNumber: string | number;
  relation: string;
  phone: string;
}

/** One spreadsheet row → its cells by field; null for a row with nothing in it. */
export function listCells(record: Record<string, CellValue>, mapping: ListMapping, line: number): ListCells | null {
  const get = (f: ListField) => (mapping[f] ? record[mapping[f]] : undefined);
  const rawId = get('idNumber');
  const cells: ListCells = {
    line, householdNo: cellText(get('householdNo')), group: cellText(get('group')), name: cellText(get('name')),
    idNumber: typeof rawId === 'number' ? rawId : cellText(rawId), relation: cellText(get('relation')), phone: cellText(get('phone')),
  };
  return cells.name || cells.idNumber !== '' || cells.relation || cells.householdNo ? cells : null;
}

/** An ID as lists almost always carry it: nothing to normalise (full-width digits, spaces, a lower-case x). */
const WELL_FORMED_ID = /^\d{17}[\dX]$/u;

/** A row's cells → a list row with the problems it has on its own. */
export function checkListRow(cells: ListCells, today: Date): ListRow {
  const { line, name, householdNo, group } = cells;
  const rawId = cells.idNumber;
  const relationText = cells.relation;
  const problems: string[] = [];
  if (!name) problems.push('姓名未填写');
  else if (name.length > 40 && [...name].length > 40) problems.push('姓名超过40个字');
  let idNumber = typeof rawId === 'string' && WELL_FORMED_ID.test(rawId) ? rawId : normalizeResidentId(String(rawId));
  if (typeof rawId === 'number') {
    // Excel keeps 15 significant digits: an ID typed into a number cell has already lost its last digits.
    problems.push('身份证号码被存成了数字，末几位已丢失：请把该列设为“文本”格式后重新填写');
    idNumber = String(rawId);
  } else {
    const id = validateResidentId(idNumber, today);
    if (!id.ok) problems.push(id.rule === 'checkDigit' && id.expected ? `${ID_RULE_ZH.checkDigit}（按前17位应为 ${id.expected}）` : ID_RULE_ZH[id.rule]);
  }
  const relation = parseRelation(relationText);
  if (!relationText) problems.push('与户主关系未填写');
  else if (!relation) problems.push(`与户主关系“${relationText}”无法识别（可填：户主、配偶、子女、父母、孙子女、儿媳/女婿、兄弟姐妹、祖父母、其他）`);
  const phone = cells.phone.replace(/[\s-]/gu, '');
  if (phone && !/^1[3-9]\d{9}$/u.test(phone) && !/^0\d{9,11}$/u.test(phone)) problems.push(`联系电话“${phone}”不是有效的手机或座机号码`);
  return { line, householdNo, group, name, idNumber, relationText, relation, phone, problems };
}

export interface ListMember {
  line: number;
  name: string;
  idNumber: string;
  relation: Relation;
  phone: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export interface ListHousehold {
  /** The head's ID number: what makes re-importing the same list find the same household. */
  headIdNumber: string;
  householdNo: string;
  group: string;
  /** Head first, then the others in the list's order. */
  members: ListMember[];
  lines: number[];
}

export interface LineProblem {
  line: number;
  messageZh: string;
}

export interface GroupedList {
  households: ListHousehold[];
  /** Every refused line (its household is refused whole), with all its problems. */
  problems: LineProblem[];
  refusedLines: number;
}

const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
const sexOf = (id: string): 'male' | 'female' => (Number(id[16]) % 2 === 1 ? 'male' : 'female');

/** Relations that cannot all be true of one household, as Chinese sentences; empty when they add up. */
export function relationProblems(members: readonly ListMember[]): string[] {
  const heads = members.filter((m) => m.relation === 'head');
  const out: string[] = [];
  if (heads.length === 0) return ['该户没有户主：每户须有一行“与户主关系”为“户主”'];
  if (heads.length > 1) return [`该户有${heads.length}个户主（${heads.map((h) => h.name).join('、')}），每户只能有一个户主`];
  const head = heads[0]!;
  const spouses = members.filter((m) => m.relation === 'spouse');
  if (spouses.length > 1) out.push(`该户有${spouses.length}个配偶（${spouses.map((s) => s.name).join('、')}）`);
  for (const m of members) {
    if (m.relation === 'child' && m.birthDate <= head.birthDate) out.push(`${m.name}登记为子女，但出生日期（${m.birthDate}）不晚于户主（${head.birthDate}）`);
    if (m.relation === 'grandchild' && m.birthDate <= head.birthDate) out.push(`${m.name}登记为孙子女，但出生日期（${m.birthDate}）不晚于户主（${head.birthDate}）`);
    if ((m.relation === 'parent' || m.relation === 'grandparent') && m.birthDate >= head.birthDate) {
      out.push(`${m.name}登记为${RELATION_ZH[m.relation]}，但出生日期（${m.birthDate}）不早于户主（${head.birthDate}）`);
    }
  }
  return out;
}

/**
 * Rows → households. A household is refused whole when any of its rows has a problem, when its head is missing
 * or doubled, or when its relations do not add up: importing it without the bad row would save half a family.
 * A person (ID number) listed twice refuses both lines' households — which one is right is for the committee to say.
 */
export function groupHouseholds(rows: readonly ListRow[]): GroupedList {
  const byHouse: ListRow[][] = [];
  const orphans: ListRow[] = [];
  const hasNumbers = rows.some((r) => r.householdNo !== '');
  if (hasNumbers) {
    // An empty 户号 under a filled one is the same household: that is how a merged (合并单元格) 户号 cell reads.
    const index = new Map<string, ListRow[]>();
    let last = '';
    for (const r of rows) {
      const no = r.householdNo || last;
      last = no;
      if (!no) {
        orphans.push(r);
        continue;
      }
      const row = r.householdNo === no ? r : { ...r, householdNo: no };
      const group = index.get(no);
      if (group) group.push(row);
      else {
        const g = [row];
        index.set(no, g);
        byHouse.push(g);
      }
    }
  } else {
    for (const r of rows) {
      if (r.relation === 'head' || byHouse.length === 0) byHouse.push([r]);
      else byHouse[byHouse.length - 1]!.push(r);
    }
  }

  const linesById = new Map<string, number[]>();
  for (const r of rows) {
    if (r.problems.length > 0) continue;
    const lines = linesById.get(r.idNumber);
    if (lines) lines.push(r.line);
    else linesById.set(r.idNumber, [r.line]);
  }
  const duplicated = (r: ListRow) => r.problems.length === 0 && linesById.get(r.idNumber)!.length > 1;

  const problems: LineProblem[] = [];
  const households: ListHousehold[] = [];
  const refuse = (group: readonly ListRow[], householdProblems: string[]) => {
    for (const r of group) {
      const own = [...r.problems];
      if (duplicated(r)) own.push(`身份证号码在文件中重复（另见第${linesById.get(r.idNumber)!.filter((l) => l !== r.line).join('、')}行）`);
      const all = own.length > 0 ? [...own, ...householdProblems] : householdProblems.length > 0 ? householdProblems : ['同户其他行有误，整户未导入'];
      problems.push({ line: r.line, messageZh: all.join('；') });
    }
  };
  for (const r of orphans) refuse([r], ['户号未填写，无法确定所属农户']);

  for (const group of byHouse) {
    const rowBad = group.some((r) => r.problems.length > 0 || duplicated(r));
    const members: ListMember[] = group
      .filter((r) => r.problems.length === 0)
      .map((r) => ({ line: r.line, name: r.name, idNumber: r.idNumber, relation: r.relation!, phone: r.phone, birthDate: birthOf(r.idNumber), sex: sexOf(r.idNumber) }));
    // With a bad row, only what its relation column says can still be judged (how many heads), not the dates.
    const heads = group.filter((r) => r.relation === 'head').length;
    const houseProblems = !rowBad ? relationProblems(members) : heads === 1 ? [] : relationProblems(heads === 0 ? [] : members.filter((m) => m.relation === 'head'));
    if (rowBad || houseProblems.length > 0) {
      refuse(group, houseProblems.map((p) => (group[0]!.householdNo ? `户号${group[0]!.householdNo}：${p}` : p)));
      continue;
    }
    const head = members.find((m) => m.relation === 'head')!;
    households.push({
      headIdNumber: head.idNumber,
      householdNo: group[0]!.householdNo,
      group: group.find((r) => r.group)?.group ?? '',
      members: [head, ...members.filter((m) => m !== head)],
      lines: group.map((r) => r.line),
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { households, problems, refusedLines: problems.length };
}

/** The downloadable template: the columns by their first names and one example household (its IDs valid). */
export function templateCsv(): string {
  const id = (body17: string) => body17 + residentIdCheckChar(body17);
  const rows = [
    ['1', '一组', '张建国', '户主', id('14108119720315001'), '13835710001'],
    ['1', '一组', '李秀英', '配偶', id('14108119740822002'), ''],
    ['1', '一组', '张晓东', '儿子', id('14108119980106003'), '13835710002'],
    ['2', '一组', '王永红', '户主', id('14108119650430005'), '13835710003'],
  ];
  return [TEMPLATE_HEADERS, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** The household follows its head: the same list imported again lands on the same documents (head office derives it too). */
export const householdIdFrom = (sha256Hex: (s: string) => string, headIdNumber: string) => `household:${sha256Hex(`jingwei-household:${headIdNumber}`).slice(0, 32)}`;
