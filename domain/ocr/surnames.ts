/**
 * Common Chinese surnames (the "百家姓" single-character list most often met at a county branch), the most common
 * first. Used to spot a stray mark read in front of a name and to weigh a doubtful first character, never to
 * reject a name.
 */
const SURNAMES_BY_FREQUENCY = [...
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤赖傅洪' +
    '常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由萧'
  ),
];
export const COMMON_SURNAMES: ReadonlySet<string> = new Set(SURNAMES_BY_FREQUENCY);

/** Compound surnames (复姓) still in use, whose first character is rarely a surname by itself. */
export const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木', '南宫', '西门', '独孤', '轩辕', '澹台', '淳于', '申屠', '钟离', '闻人', '赫连', '呼延', '东郭', '百里', '司空', '第五']);

// The first place a character holds (the list repeats a few).
const RANK = new Map([...SURNAMES_BY_FREQUENCY.entries()].reverse().map(([i, ch]) => [ch, i]));
/** Rank added to every surname's, so that the few most common ones do not outweigh the recogniser. */
const RANK_OFFSET = 10;

/**
 * How likely a surname is before the picture is looked at, relative to others: falling with the square root of
 * its rank (王 most likely, 郝 well ahead of 都); 0 for a character that is no listed surname.
 */
export function surnamePrior(ch: string): number {
  const rank = RANK.get(ch);
  return rank === undefined ? 0 : 1 / Math.sqrt(rank + RANK_OFFSET);
}
