/**
 * Generated names for the demo: people, phone numbers, communities, lanes. All are invented from
 * seeded lists of common characters and Beijing place-name morphemes; none is a real person or number.
 */
import type { Rng } from './rng';

// The ~100 most common surnames, most frequent first; weights fall off like the real distribution.
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'];
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 8));
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国建军志强海燕晓东文博宇浩然子轩欣怡梓涵雨桐思远佳琪嘉怡俊杰宏伟丹丹晨阳凯瑞雪梅春生国庆立新淑珍桂芳永红秀兰德明建华'];

export function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const given = rng.chance(0.3) ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN);
  return surname + given;
}

/** How hotline callers often give their name: sometimes in full, often as 王女士 / 李先生. */
export function callerName(rng: Rng): string {
  if (rng.chance(0.55)) return personName(rng);
  return rng.weighted(SURNAMES, SURNAME_WEIGHTS) + (rng.chance(0.5) ? '女士' : '先生');
}

const MOBILE_PREFIXES = ['139', '138', '137', '136', '135', '186', '185', '158', '152', '131', '133', '189', '177', '150', '188'];

export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Beijing landline, 010 + 8 digits starting with 6 (Dongcheng's numbers mostly do). */
export function officePhone(rng: Rng): string {
  return `010-6${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/** Draws names until one is new, so lists (staff, communities, lanes) have no duplicates. */
export function uniqueName(rng: Rng, used: Set<string>, make: (rng: Rng) => string): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const name = make(rng);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('Ran out of distinct generated names');
}

// Place-name morphemes typical of old Beijing (gates, temples, markets, officials' yards, wells).
const PLACE_MORPHEMES = [
  '东四', '南锣', '菊儿', '香饵', '炒豆', '府学', '板桥', '青龙', '北官厅', '交东', '西忠', '草厂', '花市', '幸福',
  '光明', '安化', '金鱼池', '法华寺', '祈年', '东厂', '灯市', '多福', '韶九', '大兴', '东旺', '仓南', '民安',
  '清水', '青年湖', '地坛', '化工', '兴化', '黄化门', '钟鼓', '分司厅', '国子监', '五道营', '箭厂', '育树', '北锣',
  '鼓楼', '帽儿', '雨儿', '福祥', '宽街', '北池子', '南池子', '智德', '台基厂', '崇外', '西花市', '广渠', '永外',
  '定安', '桃杨', '景泰', '彭庄', '夕照寺', '左安', '龙潭', '板厂', '新鲜', '朝内', '演乐', '本司', '礼士', '海运仓',
  '北新仓', '十字坡', '香河园', '新太仓', '草市', '鲜鱼口', '长巷', '兴隆', '打磨厂', '大江', '金台', '东晓市',
  '红桥', '南岗子', '四块玉', '赵家楼', '贡院', '船板', '竹杆', '总布', '羊宜宾', '史家', '内务部', '钱粮',
  '大佛寺', '轿子', '马大人', '豆瓣', '汪家', '细管', '方家', '九道湾', '藏经馆', '雍和', '戏楼', '花园', '铃铛',
  '秦老', '拐棒', '石雀', '前鼓', '后圆恩', '东棉花', '蓑衣', '琉璃寺', '磁器口', '蒲黄榆', '安乐林', '光华',
];

const COMMUNITY_SUFFIXES = ['', '', '', '里', '苑', '北里', '南里', '西巷', '东巷', '园', '胡同', '小区'];
const LANE_SUFFIXES = ['胡同', '胡同', '胡同', '大街', '北大街', '南大街', '巷', '头条', '二条', '西街', '东街', '路', '北里'];
const COMPOUND_SUFFIXES = ['小区', '家园', '公寓', '北里', '南里', '苑'];

export function communityName(rng: Rng): string {
  return `${rng.pick(PLACE_MORPHEMES)}${rng.pick(COMMUNITY_SUFFIXES)}社区`;
}

export function laneName(rng: Rng): string {
  return rng.pick(PLACE_MORPHEMES) + rng.pick(LANE_SUFFIXES);
}

/** Names for street lines (街巷长 own these): the bigger streets and the famous-style lanes. */
export function streetLineName(rng: Rng): string {
  return rng.pick(PLACE_MORPHEMES) + rng.pick(['大街', '北大街', '南大街', '胡同', '胡同', '胡同', '巷', '东街', '西街']);
}

export function compoundName(rng: Rng): string {
  return rng.pick(PLACE_MORPHEMES) + rng.pick(COMPOUND_SUFFIXES);
}
