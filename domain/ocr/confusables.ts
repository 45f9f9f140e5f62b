/** Letters a recogniser returns where only a digit can stand (ID numbers, dates). */
export const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0', o: '0', D: '0', Q: '0', U: '0', '〇': '0',
  l: '1', I: '1', i: '1', '|': '1', L: '1', '!': '1', ']': '1', '[': '1',
  Z: '2', z: '2',
  S: '5', s: '5', '$': '5',
  G: '6', b: '6',
  T: '7',
  B: '8',
  g: '9', q: '9',
  A: '4',
};

/** The USCC alphabet leaves out I, O, S, V and Z precisely because they look like digits. */
export const USCC_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0', o: '0', I: '1', i: '1', l: '1', '|': '1', S: '5', s: '5', Z: '2', z: '2', V: 'U', v: 'U',
};

/** Digit pairs the recogniser confuses most: a substitution along one of these is the likelier repair. */
export const DIGIT_CONFUSIONS: Readonly<Record<string, string>> = {
  '0': '689', '1': '74', '2': '7', '3': '858', '4': '19', '5': '63', '6': '0858', '7': '12', '8': '0369B', '9': '04',
};

/**
 * Characters that are not surnames (or, like 能, almost never are) but look like one that is. 间/闫, 雇/廖 and
 * 能/熊 are what the Chinese model read for those surnames on generated cards.
 */
export const SURNAME_LOOKALIKES: Readonly<Record<string, string>> = { 候: '侯', 粱: '梁', 扬: '杨', 沉: '沈', 兪: '俞', 间: '闫', 雇: '廖', 能: '熊' };

/** Look-alikes of the upper-case numerals used for amounts (壹贰叁…), seen when reading registered capital. */
export const CAPITAL_LOOKALIKES: Readonly<Record<string, string>> = {
  喜: '壹', 壶: '壹', 过: '壹', 毒: '壹', 查: '壹', 什: '仟', 臺: '壹', 贡: '贰', 武: '贰', 参: '叁', 叄: '叁', 肄: '肆', 位: '伍', 仵: '伍', 陡: '陆', 陸: '陆',
  染: '柒', 柴: '柒', 拐: '捌', 别: '捌', 玫: '玖', 致: '玖', 抬: '拾', 恰: '拾', 伯: '佰', 陌: '佰', 百: '佰', 任: '仟', 伴: '仟', 千: '仟',
  方: '万', 无: '元', 兀: '元', 圆: '元', 园: '元', 筌: '整', 壑: '整', 芷: '整',
};
