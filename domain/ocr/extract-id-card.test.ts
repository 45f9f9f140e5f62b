import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../identity/resident-id';
import { buildIdCardResult, comparePerson, looksLikeIdFront } from './index';
import { syntheticPage, type WordSpec } from './synthetic-page';

const today = new Date('2026-06-01T00:00:00Z');
const first17 = '14108119850312461';
const ID = first17 + residentIdCheckChar(first17);

// Card cropped to 1400 × 880: labels at x≈100, values from x≈280, portrait right of 0.66 W.
function front(opts: { name?: WordSpec[]; number?: string; birth?: WordSpec[]; address1?: string; extra?: Array<[number, WordSpec[]]> } = {}) {
  return syntheticPage(1400, 880, [
    [140, [['姓名', 100], ...(opts.name ?? [['侯', 280], ['建国', 330]] as WordSpec[])]],
    [235, [['性', 100], ['别', 180], ['男', 280], ['民族', 460], ['汉', 620], ['人', 1000, 40]]],
    [330, [['出', 100], ['生', 180], ...(opts.birth ?? [['1985', 280], ['年', 400], ['3', 480], ['月', 560], ['12', 620], ['日', 700]] as WordSpec[])]],
    [440, [['住址', 100], ['”' + (opts.address1 ?? '山西省临汾市侯马市'), 250, 60], ['新田', 560]]],
    [500, [['乡东庄村8号', 280]]],
    ...(opts.extra ?? []),
    [760, [['公民身份号码', 100], [opts.number ?? ID, 460, 88]]],
  ]);
}

const back = (authority = '侯马市公安局', period = '2016.05.20-2036.05.20') =>
  syntheticPage(1400, 350, [
    [60, [['签发机关', 160], [authority, 470]]],
    [160, [['有效期限', 160], [period, 470]]],
  ]);

describe('ID card extraction', () => {
  it('reads every field of a clean front and back, with ISO dates and the address joined', () => {
    const r = buildIdCardResult({ ...front(), croppedToCard: true }, { ...back(), croppedToCard: true }, today, 812);
    const values = Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.value]));
    expect(values).toEqual({
      name: '侯建国',
      sex: '男',
      ethnicity: '汉',
      birthDate: '1985-03-12',
      address: '山西省临汾市侯马市新田乡东庄村8号',
      idNumber: ID,
      issuingAuthority: '侯马市公安局',
      validFrom: '2016-05-20',
      validUntil: '2036-05-20',
    });
    expect(r.timingMs).toBe(812);
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.fields.idNumber.uncertain).toBe(false);
  });

  it('replaces 候 by 侯 at the start of a name and says why', () => {
    const r = buildIdCardResult(front({ name: [['候', 280], ['建国', 330]] }), undefined, today, 0);
    expect(r.fields.name.value).toBe('侯建国');
    expect(r.fields.name.corrected).toMatchObject({ from: '候建国', reason: 'surname' });
  });

  it('looks past a misread 住址 label left in front of the address', () => {
    const r = buildIdCardResult(front({ address1: '注址山西省临汾市侯马市' }), undefined, today, 0);
    expect(r.fields.address.value).toBe('山西省临汾市侯马市新田乡东庄村8号');
  });

  it("repairs up to a third of the number's own region name, but not an address in another region read exactly", () => {
    expect(buildIdCardResult(front({ address1: '山西省临沿市候乌市' }), undefined, today, 0).fields.address.value).toBe('山西省临汾市侯马市新田乡东庄村8号');
    // Moved within the prefecture since the number was given: 临汾市尧都区 is a region of its own.
    expect(buildIdCardResult(front({ address1: '山西省临汾市尧都区' }), undefined, today, 0).fields.address.value).toBe('山西省临汾市尧都区新田乡东庄村8号');
  });

  it('finds the issuing authority above the validity period when its label was misread', () => {
    const garbled = syntheticPage(1400, 350, [
      [60, [['答发机美', 160], ['侯马市公安局', 470]]],
      [160, [['有效期限', 160], ['2016.05.20-2036.05.20', 470]]],
    ]);
    expect(buildIdCardResult(front(), garbled, today, 0).fields.issuingAuthority.value).toBe('侯马市公安局');
  });

  it('takes one date later than today on the validity row for the expiry, and the issue date from the holder\'s age, both to check', () => {
    // The label and the first date were not detected: only the expiry was read.
    const lone = syntheticPage(1400, 350, [[60, [['签发机关', 160], ['侯马市公安局', 470]]], [160, [['2036.05.20', 760]]]]);
    const f = buildIdCardResult(front(), lone, today, 0).fields;
    expect(f.validUntil).toMatchObject({ value: '2036-05-20', uncertain: true });
    expect(f.validFrom).toMatchObject({ value: '2016-05-20', uncertain: true, corrected: { reason: 'issue-date-from-age' } });
    // A date already past is the issue date as before; the expiry stays unread.
    const past = syntheticPage(1400, 350, [[60, [['签发机关', 160], ['侯马市公安局', 470]]], [160, [['2016.05.20', 470]]]]);
    const p = buildIdCardResult(front(), past, today, 0).fields;
    expect([p.validFrom.value, p.validUntil.value]).toEqual(['2016-05-20', '']);
  });

  it('repairs a validity period whose dates break the card rules by a confused digit', () => {
    const r = buildIdCardResult(front(), back('侯马市公安局', '2016.05.20-2086.05.20'), today, 0);
    expect([r.fields.validFrom.value, r.fields.validUntil.value]).toEqual(['2016-05-20', '2036-05-20']);
    expect(r.fields.validUntil.corrected?.reason).toBe('confusable-chars');
  });

  it('repairs the address prefix from the region table of the validated number', () => {
    const r = buildIdCardResult(front({ address1: '山西省临汾市候马市' }), undefined, today, 0);
    expect(r.fields.address.value).toBe('山西省临汾市侯马市新田乡东庄村8号');
    expect(r.fields.address.corrected?.reason).toBe('region-table');
  });

  it('takes the birth date from the number when the 出生 line was misread, and marks it corrected', () => {
    const r = buildIdCardResult(front({ birth: [['1986', 280], ['年', 400], ['3', 480], ['月', 560], ['12', 620], ['日', 700]] }), undefined, today, 0);
    expect(r.fields.idNumber.value).toBe(ID);
    expect(r.fields.birthDate.value).toBe('1985-03-12');
    expect(r.fields.birthDate.corrected?.reason).toBe('birth-date-from-id');
  });

  it('repairs look-alike letters in the number', () => {
    const r = buildIdCardResult(front({ number: ID.replace(/0/g, 'O').replace(/1/g, 'l') }), undefined, today, 0);
    expect(r.fields.idNumber.value).toBe(ID);
    expect(r.fields.idNumber.corrected?.reason).toBe('confusable-chars');
  });

  it('flags a number that fails its check and reports the failed rule in Chinese', () => {
    const bad = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const r = buildIdCardResult(front({ number: bad }), undefined, today, 0);
    expect(r.fields.idNumber.uncertain).toBe(true);
    const check = r.checks.find((c) => c.code === 'id.checkDigit')!;
    expect(check.ok).toBe(false);
    expect(check.messageZh).toContain('校验码不符');
  });

  it('weighs a doubtful first character of the name as a surname: a runner-up that is one, a common one before a rare one', () => {
    const read = (first: string, conf: number, alts: Array<{ ch: string; conf: number }>, rest = '建国') => {
      const page = { ...front({ name: [[first + rest, 280]] }), croppedToCard: true };
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === first + rest)!;
      Object.assign(word, { charConfidences: [conf, ...[...rest].map(() => 95)], charAlternatives: [alts, ...[...rest].map(() => [])] });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    // 得 is no surname: the likeliest runner-up that is, weighed by how common it is (邹 before the rarer 都).
    expect(read('得', 65, [{ ch: '傳', conf: 18 }, { ch: '傅', conf: 7 }])).toMatchObject({ value: '傅建国', uncertain: true });
    expect(read('部', 70, [{ ch: '都', conf: 6 }, { ch: '邹', conf: 5 }]).value).toBe('邹建国');
    // A rare surname gives way to a common one the recogniser gave nearly as much, not to one far behind.
    expect(read('都', 44, [{ ch: '郝', conf: 29 }]).value).toBe('郝建国');
    expect(read('都', 60, [{ ch: '郝', conf: 10 }]).value).toBe('都建国');
    // Sure of it: left as read.
    expect(read('得', 90, [{ ch: '傅', conf: 5 }]).value).toBe('得建国');
  });

  it('doubts a name something was dropped from in front: it may have been the surname, misread', () => {
    const read = (text: string, confs: number[], alts: Array<Array<{ ch: string; conf: number }>>) => {
      const page = { ...front({ name: [[text, 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === text)!, { charConfidences: confs, charAlternatives: alts });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    // Tuning hard photos: 郭华天 read 等华天 and 宋华文 read 家华文 lost their surname to the stray rule (华 is a
    // surname too) and were shown certain.
    expect(read('等华天', [46, 85, 99], [[{ ch: '郭', conf: 9 }], [], []])).toMatchObject({ value: '华天', uncertain: true });
    expect(read('家华文', [81, 99, 99], [[{ ch: '宋', conf: 3 }], [], []])).toMatchObject({ value: '华文', uncertain: true });
    expect(read('宋华文', [99, 99, 99], [[], [], []])).toMatchObject({ value: '宋华文', uncertain: false });
  });

  it('doubts a surname with another close behind it (都 at 89 %, 郝 at 5 %)', () => {
    const read = (alts: Array<{ ch: string; conf: number }>) => {
      const page = { ...front({ name: [['都天军', 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === '都天军')!, { charConfidences: [89, 99, 99], charAlternatives: [alts, [], []] });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    expect(read([{ ch: '郝', conf: 5 }])).toMatchObject({ value: '都天军', uncertain: true });
    expect(read([{ ch: '郝', conf: 1 }])).toMatchObject({ value: '都天军', uncertain: false });
  });

  it("drops what a misread 姓名 label leaves before a common surname in a four-character reading (智杜敏婷)", () => {
    const page = { ...front({ name: [['智杜敏婷', 280]] }), croppedToCard: true };
    const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '智杜敏婷')!;
    Object.assign(word, { charConfidences: [29, 57, 90, 90] });
    expect(buildIdCardResult(page, undefined, today, 0).fields.name.value).toBe('杜敏婷');
    // A compound surname is a four-character name's usual start.
    const compound = { ...front({ name: [['欧阳建国', 280]] }), croppedToCard: true };
    Object.assign(compound.lines.flatMap((l) => l.words).find((w) => w.text === '欧阳建国')!, { charConfidences: [40, 95, 95, 95] });
    expect(buildIdCardResult(compound, undefined, today, 0).fields.name.value).toBe('欧阳建国');
  });

  it('reads 么佬 as 仫佬: 仫 is outside the recogniser\'s character set; 仡佬 read as such stays', () => {
    const read = (text: string, conf = 95) => {
      const page = { ...front(), croppedToCard: true };
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '汉')!;
      Object.assign(word, { text, confidence: conf, charConfidences: [...text].map(() => conf) });
      return buildIdCardResult(page, undefined, today, 0).fields.ethnicity;
    };
    expect(read('么佬')).toMatchObject({ value: '仫佬', uncertain: false });
    expect(read('公佬')).toMatchObject({ value: '仫佬', uncertain: true });
    expect(read('佬')).toMatchObject({ value: '仫佬', uncertain: true });
    expect(read('仡佬')).toMatchObject({ value: '仡佬', uncertain: false });
  });

  it("takes a listed ethnicity the recogniser ranked as runner-up to a character that is none (侗 behind 词)", () => {
    const read = (alts: Array<{ ch: string; conf: number }>) => {
      const page = { ...front(), croppedToCard: true };
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '汉')!;
      Object.assign(word, { text: '词', confidence: 46, charConfidences: [46], charAlternatives: [alts] });
      return buildIdCardResult(page, undefined, today, 0).fields.ethnicity;
    };
    // 侗 holds 38 of the 46 left once 词 is out (同 is no ethnicity; 8 unlisted).
    expect(read([{ ch: '侗', conf: 38 }, { ch: '同', conf: 8 }])).toMatchObject({ value: '侗', uncertain: false });
    expect(read([{ ch: '同', conf: 30 }])).toMatchObject({ uncertain: true });
  });

  it('takes the one listed ethnicity a character from the reading only as surely as that reading (保健 with 健 at 25 is no sure 保安)', () => {
    const read = (confs: number[]) => {
      const page = { ...front(), croppedToCard: true };
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '汉')!;
      Object.assign(word, { text: '保健', confidence: Math.min(...confs), charConfidences: confs });
      return buildIdCardResult(page, undefined, today, 0).fields.ethnicity;
    };
    expect(read([88, 25])).toMatchObject({ value: '保安', uncertain: true });
    expect(read([95, 95])).toMatchObject({ value: '保安', uncertain: false });
  });

  it('reads a doubtful character after a number in the address as the runner-up that follows numbers (8宝 → 8号)', () => {
    const read = (conf: number, alts: Array<{ ch: string; conf: number }>) => {
      const page = front();
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '乡东庄村8号')!;
      Object.assign(word, { text: '乡东庄村8宝', charConfidences: [95, 95, 95, 95, 95, conf], charAlternatives: [[], [], [], [], [], alts] });
      return buildIdCardResult(page, undefined, today, 0).fields.address.value;
    };
    expect(read(47, [{ ch: '号', conf: 26 }, { ch: '堂', conf: 3 }])).toBe('山西省临汾市侯马市新田乡东庄村8号');
    // Sure of what it read, or the runner-up far behind: left as read.
    expect(read(90, [{ ch: '号', conf: 8 }])).toBe('山西省临汾市侯马市新田乡东庄村8宝');
    expect(read(47, [{ ch: '号', conf: 5 }])).toBe('山西省临汾市侯马市新田乡东庄村8宝');
  });

  it('weighs a place-name character by how often it names a region: 士 gives way to 土, a close look-alike leaves it doubtful', () => {
    const read = (ch: string, conf: number, alts: Array<{ ch: string; conf: number }>) => {
      const page = front();
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '乡东庄村8号')!;
      Object.assign(word, { text: `乡黄${ch}岭村8号`, charConfidences: [95, 95, conf, 95, 95, 95, 95], charAlternatives: [[], [], alts, [], [], [], []] });
      page.lines.flatMap((l) => l.words).filter((w) => w.text.startsWith('”')).forEach((w) => (w.confidence = 95));
      return buildIdCardResult(page, undefined, today, 0).fields.address;
    };
    // 土 names 17 regions (土默特, 黄土…), 士 none: read 60 to 20, 土 is the likelier.
    expect(read('士', 60, [{ ch: '土', conf: 20 }, { ch: '干', conf: 0.5 }])).toMatchObject({ value: '山西省临汾市侯马市新田乡黄土岭村8号', uncertain: true });
    // Far behind, 土 does not win, but the town's name is left for the teller to look at.
    expect(read('士', 97, [{ ch: '土', conf: 2 }])).toMatchObject({ value: '山西省临汾市侯马市新田乡黄士岭村8号', uncertain: true });
    // A runner-up as rare in place names as the reading: sure stays sure.
    expect(read('土', 99, [{ ch: '士', conf: 0.8 }])).toMatchObject({ value: '山西省临汾市侯马市新田乡黄土岭村8号', uncertain: false });
  });

  it('leaves an address doubtful where a structure word stands close behind a place-name character (长宁锁毛庄村: 锁 81, 镇 18)', () => {
    const read = (conf: number, alts: Array<{ ch: string; conf: number }>) => {
      const page = front();
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '乡东庄村8号')!;
      Object.assign(word, { text: '乡长宁锁毛庄村8号', charConfidences: [95, 95, 95, conf, 95, 95, 95, 95, 95], charAlternatives: [[], [], [], alts, [], [], [], [], []] });
      page.lines.flatMap((l) => l.words).filter((w) => w.text.startsWith('”')).forEach((w) => (w.confidence = 95));
      return buildIdCardResult(page, undefined, today, 0).fields.address;
    };
    expect(read(81, [{ ch: '镇', conf: 18 }])).toMatchObject({ value: '山西省临汾市侯马市新田乡长宁锁毛庄村8号', uncertain: true });
    expect(read(97, [{ ch: '镇', conf: 2 }])).toMatchObject({ uncertain: false });
  });

  it('takes an everyday runner-up for a traditional form in a given name and leaves a rare character doubtful', () => {
    const read = (given: string, conf: number, alts: Array<{ ch: string; conf: number }>, surname = '刘') => {
      const page = { ...front({ name: [[surname + given, 280]] }), croppedToCard: true };
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === surname + given)!;
      Object.assign(word, { charConfidences: [95, 95, conf], charAlternatives: [[], [], alts] });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    // 媽 (traditional 妈) is outside GB 2312; 嫣 is in it.
    expect(read('蓓媽', 80, [{ ch: '嫣', conf: 12 }])).toMatchObject({ value: '刘蓓嫣', uncertain: true });
    expect(read('蓓媽', 99, [{ ch: '嫣', conf: 0.5 }])).toMatchObject({ value: '刘蓓媽', uncertain: true });
    expect(read('金垚', 99, [])).toMatchObject({ value: '刘金垚', uncertain: true });
    expect(read('蓓嫣', 99, [{ ch: '媽', conf: 0.9 }])).toMatchObject({ value: '刘蓓嫣', uncertain: false });
    // A surname the list does not hold is doubtful; 萧 is one it holds.
    expect(read('建国', 99, [], '禤').uncertain).toBe(true);
    expect(read('建国', 99, [], '萧').uncertain).toBe(false);
  });

  it("doubts a name whose box holds ink read as nothing past its last or before its first character (刘金垚 read 刘金)", () => {
    const read = (unread: { unreadBefore?: number; unreadAfter?: number }) => {
      const page = { ...front({ name: [['刘金', 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === '刘金')!, { charConfidences: [99, 99] }, unread);
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    // Box heights are 32 px: a character's worth of unread ink is more than 0.95 of one.
    expect(read({ unreadAfter: 45 })).toMatchObject({ value: '刘金', uncertain: true });
    expect(read({ unreadBefore: 45 }).uncertain).toBe(true);
    // Past the last character, less is enough: a narrow last character read as nothing leaves 0.8–0.95 of a height.
    expect(read({ unreadAfter: 28 }).uncertain).toBe(true);
    expect(read({ unreadBefore: 15, unreadAfter: 18 }).uncertain).toBe(false);
  });

  it('doubts a name with a character read as nothing between two others (卢垚兴 read 卢兴: the two stand a character apart)', () => {
    const read = (spans: Array<[number, number]>) => {
      const page = { ...front({ name: [['卢兴', 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === '卢兴')!, { charConfidences: [99, 99], charSpans: spans });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    // Box heights are 32 px: neighbours 30 px apart centre to centre are next to each other, 39 px apart are not.
    expect(read([[280, 310], [310, 340]])).toMatchObject({ value: '卢兴', uncertain: false });
    expect(read([[280, 310], [319, 349]])).toMatchObject({ value: '卢兴', uncertain: true });
  });

  it('reads a dash after the surname as the character ranked behind it (龚— → 龚一, doubtful) and doubts a name of one character', () => {
    const read = (text: string, confs: number[], alts: Array<Array<{ ch: string; conf: number }>>) => {
      const page = { ...front({ name: [[text, 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === text)!, { charConfidences: confs, charAlternatives: alts });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    expect(read('龚—', [99, 56], [[], [{ ch: '-', conf: 26 }, { ch: '一', conf: 14 }]])).toMatchObject({ value: '龚一', uncertain: true });
    // 一 far behind is no reading of the mark: the surname alone is left, and doubted.
    expect(read('龚—', [99, 90], [[], [{ ch: '-', conf: 8 }, { ch: '一', conf: 2 }]])).toMatchObject({ value: '龚', uncertain: true });
    expect(read('龚一', [99, 97], [[], []])).toMatchObject({ value: '龚一', uncertain: false });
  });

  it('doubts a name with anything dropped past its last character (too weak, a letter), not with a weak mark dropped in front', () => {
    const read = (text: string, confs: number[]) => {
      const page = { ...front({ name: [[text, 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === text)!, { charConfidences: confs });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    expect(read('金荣鞋', [99, 99, 12])).toMatchObject({ value: '金荣', uncertain: true });
    expect(read('金荣L', [99, 99, 60])).toMatchObject({ value: '金荣', uncertain: true });
    expect(read('字宋杰', [6, 99, 99])).toMatchObject({ value: '宋杰', uncertain: false });
  });

  it('doubts a given name with a look-alike a thirtieth as likely behind a character (风 97, 凤 3)', () => {
    const read = (alt: number) => {
      const page = { ...front({ name: [['彭风芳', 280]] }), croppedToCard: true };
      Object.assign(page.lines.flatMap((l) => l.words).find((w) => w.text === '彭风芳')!, { charConfidences: [99, 96, 99], charAlternatives: [[], [{ ch: '凤', conf: alt }], []] });
      return buildIdCardResult(page, undefined, today, 0).fields.name;
    };
    expect(read(3)).toMatchObject({ value: '彭风芳', uncertain: true });
    expect(read(2)).toMatchObject({ value: '彭风芳', uncertain: false });
  });

  it("doubts an address whose number has a digit the recogniser ranked another digit close behind (1203 read 1208)", () => {
    const read = (conf: number, alts: Array<{ ch: string; conf: number }>) => {
      const page = front();
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '乡东庄村8号')!;
      Object.assign(word, { text: '乡东庄村1208号', charConfidences: [95, 95, 95, 95, 99, 99, 99, conf, 95], charAlternatives: [[], [], [], [], [], [], [], alts, []] });
      page.lines.flatMap((l) => l.words).filter((w) => w.text.startsWith('”')).forEach((w) => (w.confidence = 95));
      return buildIdCardResult(page, undefined, today, 0).fields.address;
    };
    expect(read(90, [{ ch: '3', conf: 9 }])).toMatchObject({ value: '山西省临汾市侯马市新田乡东庄村1208号', uncertain: true });
    expect(read(99, [{ ch: '3', conf: 0.8 }])).toMatchObject({ uncertain: false });
  });

  it('reads a doubtful character before a number in the address as the runner-up a number follows (光明付8号 → 光明村8号)', () => {
    const read = (ch: string, conf: number, alts: Array<{ ch: string; conf: number }>) => {
      const page = front();
      const word = page.lines.flatMap((l) => l.words).find((w) => w.text === '乡东庄村8号')!;
      Object.assign(word, { text: `乡东庄${ch}8号`, charConfidences: [95, 95, 95, conf, 95, 95], charAlternatives: [[], [], [], alts, [], []] });
      return buildIdCardResult(page, undefined, today, 0).fields.address.value;
    };
    expect(read('付', 36, [{ ch: '村', conf: 25 }, { ch: '时', conf: 13 }])).toBe('山西省临汾市侯马市新田乡东庄村8号');
    // 单元, 楼 and 号 stand before numbers too; a sure character stays.
    expect(read('元', 40, [{ ch: '村', conf: 30 }])).toBe('山西省临汾市侯马市新田乡东庄元8号');
    expect(read('付', 90, [{ ch: '村', conf: 8 }])).toBe('山西省临汾市侯马市新田乡东庄付8号');
  });

  it('looks past what is left of a misread 民族 label in front of the ethnicity (旗景颜 → 景颇)', () => {
    const ethnicity = (row: WordSpec[]) => buildIdCardResult(syntheticPage(1400, 880, [
      [140, [['姓名', 100], ['余怡', 280]]],
      [235, row],
      [330, [['出生', 100], ['1985', 280], ['年', 400], ['3', 480], ['月', 560], ['12', 620], ['日', 700]]],
      [440, [['住址', 100], ['山西省临汾市侯马市', 280]]],
      [760, [['公民身份号码', 100], [ID, 460]]],
    ]), undefined, today, 0).fields.ethnicity;
    expect(ethnicity([['民旗', 460], ['景颜', 620]])).toMatchObject({ value: '景颇', corrected: { reason: 'ethnicity-list' } });
    expect(ethnicity([['民旗', 460], ['纳面', 620]]).value).toBe('纳西');
    expect(ethnicity([['民族', 460], ['汉', 620]])).toMatchObject({ value: '汉', uncertain: false });
    // Nothing listed in it: left as read, for the teller.
    expect(ethnicity([['民旗', 460], ['代便', 620]])).toMatchObject({ value: '旗代便', uncertain: true });
  });

  it('completes an issuing authority whose last character 局 was lost (…开发区分, …公安)', () => {
    const authority = (read: string) => buildIdCardResult(front(), back(read), today, 0).fields.issuingAuthority;
    expect(authority('烟台市公安局烟台高新技术产业开发区分')).toMatchObject({ value: '烟台市公安局烟台高新技术产业开发区分局', corrected: { reason: 'authority-ending' } });
    expect(authority('侯马市公安').value).toBe('侯马市公安局');
    expect(authority('侯马市公安局').corrected).toBeUndefined();
  });

  it("completes a branch office whose 分局 was cut off at the card's edge, or wrapped onto a row of its own", () => {
    const daqing = '23067119721210699';
    const withNumber = front({ number: daqing + residentIdCheckChar(daqing) });
    const cut = buildIdCardResult(withNumber, back('大庆市公安局大庆高新技术产业开发区'), today, 0).fields.issuingAuthority;
    // Not seen, so the teller confirms it.
    expect(cut).toMatchObject({ value: '大庆市公安局大庆高新技术产业开发区分局', uncertain: true, corrected: { reason: 'authority-ending' } });
    const wrapped = syntheticPage(1400, 400, [
      [60, [['签发机关', 160], ['大庆市公安局大庆高新技术产业开发区', 470]]],
      [120, [['分局', 470]]],
      [220, [['有效期限', 160], ['2016.05.20-2036.05.20', 470]]],
    ]);
    const joined = buildIdCardResult(withNumber, wrapped, today, 0).fields;
    expect(joined.issuingAuthority.value).toBe('大庆市公安局大庆高新技术产业开发区分局');
    expect(joined.validFrom.value).toBe('2016-05-20');
    // Whatever cannot be completed is not certain.
    expect(buildIdCardResult(front(), back('侯马市公'), today, 0).fields.issuingAuthority).toMatchObject({ value: '侯马市公', uncertain: true });
  });

  it("puts back the number's county where only its end (区公安局) or its ending and a misread rest were read, uncertain", () => {
    const kongtong = '62080219501101075';
    const authority = (read: string) => buildIdCardResult(front({ number: kongtong + residentIdCheckChar(kongtong) }), back(read), today, 0).fields.issuingAuthority;
    expect(authority('区公安局')).toMatchObject({ value: '崆峒区公安局', uncertain: true, corrected: { reason: 'region-table' } });
    expect(authority('峒区公安局').value).toBe('崆峒区公安局');
    expect(authority('腔响区公安局')).toMatchObject({ value: '崆峒区公安局', uncertain: true });
    // Another ending (a county-level city's bureau, 县) or another region read exactly is not this county.
    expect(authority('腔响县公安局').value).toBe('腔响县公安局');
    expect(authority('平凉市公安局').value).toBe('平凉市公安局');
    expect(authority('侯马市公安局').value).toBe('侯马市公安局');
  });

  it('ignores marks read in the portrait area', () => {
    const r = buildIdCardResult({ ...front(), croppedToCard: true }, undefined, today, 0);
    expect(r.fields.ethnicity.value).toBe('汉');
  });

  it('reports an expired card and accepts 长期', () => {
    const expired = buildIdCardResult(front(), back('侯马市公安局', '2006.05.20-2016.05.20'), today, 0);
    expect(expired.checks.find((c) => c.code === 'id.notExpired')).toMatchObject({ ok: false });
    expect(expired.checks.find((c) => c.code === 'id.notExpired')!.messageZh).toContain('2016-05-20');
    const longTerm = buildIdCardResult(front(), back('侯马市公安局', '2016.05.20-长期'), today, 0);
    expect(longTerm.fields.validUntil.value).toBe('长期');
    expect(longTerm.checks.find((c) => c.code === 'id.notExpired')!.ok).toBe(true);
  });

  it('snaps a one-character slip in the issuing authority to the county of the number', () => {
    const r = buildIdCardResult(front(), back('候马市公安局'), today, 0);
    expect(r.fields.issuingAuthority.value).toBe('侯马市公安局');
    expect(r.fields.issuingAuthority.corrected?.reason).toBe('region-table');
  });

  it('drops what is left of a misread 签发机关 label in front of the county of the number (发机美侯马市公安局)', () => {
    const glued = syntheticPage(1400, 350, [
      // The card's label column ends at 0.31 of its width; the misread label ran past it into the value.
      [60, [['签', 300], ['发机美侯马市公安局', 440]]],
      [160, [['有效期限', 160], ['2016.05.20-2036.05.20', 470]]],
    ]);
    const r = buildIdCardResult({ ...front(), croppedToCard: true }, { ...glued, croppedToCard: true }, today, 0);
    expect(r.fields.issuingAuthority).toMatchObject({ value: '侯马市公安局', corrected: { reason: 'region-table' } });
    // A prefecture's bureau (临汾市公安局) is not the county's: it is left as read.
    const prefecture = syntheticPage(1400, 350, [[60, [['签发机关', 160], ['临汾市公安局', 470]]], [160, [['有效期限', 160], ['2016.05.20-2036.05.20', 470]]]]);
    expect(buildIdCardResult(front(), prefecture, today, 0).fields.issuingAuthority.value).toBe('临汾市公安局');
  });

  it("repairs a misread district in a city bureau's branch, and up to a third of a long county name, from the number's region", () => {
    const linzhi = '54040219610117941';
    const withNumber = (n: string) => front({ number: n + residentIdCheckChar(n) });
    expect(buildIdCardResult(withNumber(linzhi), back('林芝市公安局巴宣区分局'), today, 0).fields.issuingAuthority).toMatchObject({ value: '林芝市公安局巴宜区分局', corrected: { reason: 'region-table' } });
    const jinggu = '53082419610117941';
    expect(buildIdCardResult(withNumber(jinggu), back('景谷像族弗族自治县公安局'), today, 0).fields.issuingAuthority.value).toBe('景谷傣族彝族自治县公安局');
    // Another county's name read exactly is where the holder lives now: left alone.
    expect(buildIdCardResult(withNumber('32080319850312461'), back('淮安市公安局淮阴区分局'), today, 0).fields.issuingAuthority.value).toBe('淮安市公安局淮阴区分局');
  });

  it("puts back two characters a long region prefix lost without eating the street's first (怒江族 → 怒江傈僳族, 复兴路 kept)", () => {
    const lanping = '53332519490319088';
    // Not taken for a card crop: the long first row runs past the portrait's edge here.
    const page = { ...front({ number: lanping + residentIdCheckChar(lanping), address1: '云南省怒江族自治州兰坪白族普米族自治县复兴路' }), croppedToCard: false };
    expect(buildIdCardResult(page, undefined, today, 0).fields.address.value).toMatch(/^云南省怒江傈僳族自治州兰坪白族普米族自治县复兴路/);
  });

  it("repairs a misread city in a city bureau's name from the number's prefecture, not another city read exactly", () => {
    const n = '37067619850312461';
    const authority = (read: string) => buildIdCardResult(front({ number: n + residentIdCheckChar(n) }), back(read), today, 0).fields.issuingAuthority;
    expect(authority('湖台市公安局烟台经济技术开发区分局')).toMatchObject({ value: '烟台市公安局烟台经济技术开发区分局', corrected: { reason: 'region-table' } });
    expect(authority('邢台市公安局').value).toBe('邢台市公安局');
    // 邳州市 is a county-level city of 徐州市: its own bureau misread (邵州市) is the county's, not the prefecture's.
    const p = '32038219950121150';
    const pizhou = buildIdCardResult(front({ number: p + residentIdCheckChar(p) }), back('邵州市公安局'), today, 0).fields.issuingAuthority;
    expect(pizhou).toMatchObject({ value: '邳州市公安局', corrected: { reason: 'region-table' } });
  });

  it('repairs a long county name that lost a character besides a misread one, not a short one', () => {
    const withNumber = (n: string) => front({ number: n + residentIdCheckChar(n) });
    const authority = (n: string, read: string) => buildIdCardResult(withNumber(n), back(read), today, 0).fields.issuingAuthority;
    expect(authority('13102819850312461', '大厂国自治县公安局')).toMatchObject({ value: '大厂回族自治县公安局', corrected: { reason: 'region-table' } });
    expect(authority('53292719850312461', '山鼻族回族自治县公安局').value).toBe('巍山彝族回族自治县公安局');
    // 侯马市 (three characters) read with one lost and one misread is too far to say.
    expect(authority('14108119850312461', '侯乌公安局').value).toBe('侯乌公安局');
  });

  it("leaves a prefecture's bureau alone when its name is one character from the county's (淮安市 / 淮安区)", () => {
    const huaian = '32080319850312461';
    const r = buildIdCardResult(front({ number: huaian + residentIdCheckChar(huaian) }), back('淮安市公安局淮安区分局'), today, 0);
    expect(r.fields.issuingAuthority.value).toBe('淮安市公安局淮安区分局');
  });

  it('tells a card front from other pictures', () => {
    expect(looksLikeIdFront(front(), today)).toBe(true);
    expect(looksLikeIdFront(syntheticPage(1000, 700, [[100, [['营业执照', 300]]], [300, [['名称', 100], ['某某公司', 300]]]]), today)).toBe(false);
  });

  // A blurred photo loses the pale blue labels first; the rows keep their order and the number its check character.
  const unlabelled = (number: string, sexRow: WordSpec[]) => syntheticPage(1400, 880, [
    [140, [['夏海刚', 280]]],
    [235, sexRow],
    [330, [['1985', 280], ['年', 400], ['3', 480], ['月', 560], ['12', 620], ['日', 700]]],
    [440, [['山西省临汾市侯马市', 280]]],
    [760, [[number, 460, 88]]],
  ]);

  it('takes a front whose labels were all lost for one when its number passes the check, and reads its rows by order', () => {
    const page = unlabelled(ID, [['万', 280], ['汉', 620]]);
    expect(looksLikeIdFront(page, today)).toBe(true);
    const r = buildIdCardResult(page, undefined, today, 0);
    // 男 misread as 万: the row above the birth row is still the sex and ethnicity row.
    expect([r.fields.name.value, r.fields.sex.value, r.fields.ethnicity.value]).toEqual(['夏海刚', '男', '汉']);
    const wrong = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    expect(looksLikeIdFront(unlabelled(wrong, [['万', 280], ['汉', 620]]), today)).toBe(false);
  });

  it('lists the differences from the customer record', () => {
    const r = buildIdCardResult(front(), undefined, today, 0);
    const diffs = comparePerson(r.fields, { name: '侯建军', idNumber: ID, sex: 'male', birthDate: '1985-03-12' });
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ field: 'name', recorded: '侯建军', recognised: '侯建国' });
    expect(diffs[0]!.messageZh).toContain('姓名与客户档案不一致');
  });
});
