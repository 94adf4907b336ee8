/**
 * The local demo data set: a deterministic, wholly fictional register of Hangzhou enterprises with
 * credit records and list entries, and a loader that publishes it through the ledger.
 *
 * Deterministic so that a demo, a screenshot or a failing test can be reproduced: the generator
 * draws from its own seeded PRNG (mulberry32), never from `Math.random` or the clock, and dates
 * count back from the `today` it is given. Same options, same data.
 *
 * Everything here is invented. Company names are combined from word lists that avoid well-known
 * Hangzhou brands, so that no real firm appears with a fictional penalty; personal data is shaped
 * so that it cannot belong to anyone (see `fakeIdNumber` and `fakePhone`).
 */
import { addDays, addMonths, isCalendarDate, shanghaiDate, type CalendarDate } from '../../shared/rules/calendar.ts';
import type { CreditClass } from '../../shared/rules/classification.ts';
import { DISTRICTS, type District } from '../../shared/rules/districts.ts';
import { LISTING_RULES, listingEnd } from '../../shared/rules/listings.ts';
import { publicationFor, type PenaltyType, type Severity } from '../../shared/rules/records.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import type { Db } from '../../shared/store/db.ts';
import { groupBatches, publishBatch, type EnterpriseBatch } from '../../shared/store/publishing.ts';

type RecordDraft = EnterpriseBatch['records'][number];
type ListingDraft = EnterpriseBatch['listings'][number];

export interface DemoOptions {
  /** The calendar day (Asia/Shanghai) the data set is "as of": every date lies before it. */
  today: CalendarDate;
  seed?: number;
  /** How many enterprises; 300 by default. */
  enterprises?: number;
}

export const DEMO_DEFAULT_SEED = 20210915; // the day the Measures came into force
export const DEMO_DEFAULT_ENTERPRISES = 300;

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny 32-bit PRNG, plenty for demo data and identical on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }
  /** A number in [min, max] rounded to `decimals` places. */
  amount(min: number, max: number, decimals: number): number {
    const f = 10 ** decimals;
    return Math.round((min + this.#next() * (max - min)) * f) / f;
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.#next() * items.length)] as T;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.#next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

/**
 * Trade names (字号). None starts with a district's short name (西湖, 萧山 …), so that nameAlias
 * strips only the place words in front of them; well-known Hangzhou brands are left out on purpose.
 */
const TRADE_NAMES = [
  '宏达', '恒星', '绿源', '新禾', '永盛', '瑞丰', '金鼎', '天润', '鑫源', '康达', '博远', '嘉禾',
  '旭日', '明辉', '润泽', '盛源', '华昊', '远航', '佳诚', '德信', '立新', '和顺', '东升', '凯瑞',
  '汇通', '品诚', '益康', '卓越', '丰泽', '安泰', '青松', '清源', '星辰', '海纳', '百川', '嘉盛',
  '宝隆', '恒丰', '联创', '信达', '锦程', '华瑞', '新锐', '万隆', '启明', '众诚', '协力', '兴业',
  '绿之源', '金百合', '新世纪', '宏景达', '恒久远', '天一方', '鼎盛祥', '聚丰源', '瑞康达', '永和昌',
] as const;

type Sector = 'product' | 'food' | 'device' | 'equipment' | 'shop-food' | 'shop-goods' | 'coop';

interface Product {
  name: string;
  /** Test items that bear on safety (a failure is 一般 or 严重). */
  items: readonly string[];
}

interface Industry {
  word: string;
  sector: Sector;
  products: readonly Product[];
  /** Products under compulsory certification (CCC): the mark can be forged. */
  ccc?: boolean;
  /** Products in the production-licence catalogue (全国工业产品生产许可证). */
  licensed?: boolean;
}

const INDUSTRIES: readonly Industry[] = [
  { word: '机械', sector: 'product', ccc: true, products: [{ name: '电动工具', items: ['绝缘电阻', '防触电保护'] }, { name: '电焊机', items: ['防触电保护', '温升'] }] },
  { word: '电子科技', sector: 'product', ccc: true, products: [{ name: '移动电源', items: ['标称容量', '过充电保护'] }, { name: 'LED灯具', items: ['骚扰电压', '防触电保护'] }] },
  { word: '电器', sector: 'product', ccc: true, products: [{ name: '电热水壶', items: ['泄漏电流和电气强度', '结构'] }, { name: '转换器插座', items: ['防触电保护', '插头插座的结构'] }] },
  { word: '纺织', sector: 'product', products: [{ name: '儿童服装', items: ['纤维含量', 'pH值', '绳带'] }, { name: '床上用品', items: ['纤维含量', '甲醛含量'] }] },
  { word: '建材', sector: 'product', licensed: true, ccc: true, products: [{ name: '电线电缆', items: ['导体电阻', '绝缘厚度'] }, { name: '陶瓷砖', items: ['吸水率', '破坏强度'] }] },
  { word: '化工', sector: 'product', licensed: true, products: [{ name: '水性涂料', items: ['挥发性有机化合物（VOC）含量', '游离甲醛'] }, { name: '胶粘剂', items: ['苯', '总挥发性有机物'] }] },
  { word: '包装', sector: 'product', licensed: true, products: [{ name: '食品用塑料包装容器', items: ['总迁移量', '高锰酸钾消耗量'] }, { name: '瓦楞纸箱', items: ['耐破强度', '边压强度'] }] },
  { word: '家居', sector: 'product', products: [{ name: '儿童家具', items: ['甲醛释放量', '稳定性'] }, { name: '床垫', items: ['甲醛释放量', '耐久性'] }] },
  { word: '汽车配件', sector: 'product', products: [{ name: '汽车制动软管', items: ['爆裂压力', '抗拉强度'] }] },
  { word: '五金', sector: 'product', products: [{ name: '燃气灶具连接软管', items: ['气密性', '耐燃气性能'] }] },
  { word: '食品', sector: 'food', products: [{ name: '糕点', items: ['菌落总数', '霉菌', '脱氢乙酸及其钠盐'] }, { name: '酱卤肉制品', items: ['亚硝酸盐', '大肠菌群'] }] },
  { word: '茶业', sector: 'food', products: [{ name: '绿茶', items: ['草甘膦', '联苯菊酯'] }, { name: '红茶', items: ['稀土', '吡虫啉'] }] },
  { word: '医疗器械', sector: 'device', products: [{ name: '一次性使用医用口罩', items: ['细菌过滤效率', '环氧乙烷残留量'] }, { name: '电子体温计', items: ['最大允许误差'] }] },
  // Spot checks do not reach special equipment (it is inspected instead): no spot-check records.
  { word: '特种设备', sector: 'equipment', products: [{ name: '起重机械', items: ['主要受力结构件'] }, { name: '压力容器', items: ['焊接接头'] }] },
];

/** 个体工商户 shop types; their sector decides which violations fit. */
const SHOPS: readonly { word: string; sector: Sector; products: readonly Product[] }[] = [
  { word: '小吃店', sector: 'shop-food', products: [{ name: '自制凉拌菜', items: ['菌落总数', '大肠菌群'] }] },
  { word: '面馆', sector: 'shop-food', products: [{ name: '鲜湿面', items: ['菌落总数', '脱氢乙酸及其钠盐'] }] },
  { word: '副食品店', sector: 'shop-food', products: [{ name: '散装糕点', items: ['菌落总数', '山梨酸及其钾盐'] }] },
  { word: '五金店', sector: 'shop-goods', products: [{ name: '转换器插座', items: ['防触电保护', '插头插座的结构'] }] },
  { word: '电器商行', sector: 'shop-goods', products: [{ name: '电热水壶', items: ['泄漏电流和电气强度', '结构'] }] },
  { word: '服装店', sector: 'shop-goods', products: [{ name: '儿童服装', items: ['纤维含量', '绳带'] }] },
];

/** 农民专业合作社 crops, for the districts that have farmland. */
const COOP_CROPS: readonly { word: string; products: readonly Product[] }[] = [
  { word: '茶叶', products: [{ name: '绿茶', items: ['草甘膦', '联苯菊酯'] }] },
  { word: '果蔬', products: [{ name: '草莓', items: ['腐霉利', '烯酰吗啉'] }] },
  { word: '山核桃', products: [{ name: '山核桃', items: ['过氧化值', '酸价'] }] },
  { word: '竹笋', products: [{ name: '竹笋', items: ['二氧化硫残留量'] }] },
  { word: '蜂业', products: [{ name: '蜂蜜', items: ['果糖和葡萄糖', '嗜渗酵母计数'] }] },
];
const COOP_DISTRICTS = new Set(['330106', '330109', '330110', '330111', '330112', '330113', '330122', '330127', '330182']);

const SURNAMES = [
  '王', '李', '张', '陈', '刘', '杨', '黄', '吴', '周', '徐', '沈', '朱', '胡', '金', '俞', '楼',
  '方', '钱', '孙', '章', '盛', '施', '应', '蒋', '潘', '叶', '汪', '郑', '何', '许',
] as const;
const GIVEN_NAMES = [
  '建国', '建华', '国强', '志明', '晓东', '海燕', '丽华', '雪梅', '伟', '芳', '敏', '静', '强', '磊',
  '军', '洋', '勇', '杰', '娟', '涛', '超', '秀英', '建平', '卫东', '立新', '晓峰', '文斌', '佳怡',
  '浩然', '一鸣', '美玲', '永祥', '春燕', '国平',
] as const;

/** Streets by district, for registered addresses (the house numbers are invented). */
const STREETS: Readonly<Record<string, readonly string[]>> = {
  '330102': ['解放路', '望江东路', '秋涛路', '钱江路'],
  '330105': ['莫干山路', '湖墅南路', '储鑫路', '石祥路'],
  '330106': ['文三路', '古墩路', '西溪路', '紫金港路'],
  '330108': ['江南大道', '滨盛路', '江虹路', '长河路'],
  '330109': ['金城路', '市心中路', '建设一路', '通惠路'],
  '330110': ['文一西路', '五常大道', '良睦路', '荆长大道'],
  '330111': ['金桥北路', '桂花路', '江滨西大道'],
  '330112': ['钱王街', '衣锦街', '科技大道'],
  '330113': ['临平大道', '世纪大道', '藕花洲大街'],
  '330114': ['下沙路', '学源街', '文泽路'],
  '330122': ['迎春南路', '白云源路', '富春路'],
  '330127': ['新安大街', '环湖北路', '排岭路'],
  '330182': ['新安路', '府东街', '洋溪路'],
};

/** Bigger districts hold more enterprises (weights, not statistics). */
const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  '330102': 9, '330105': 9, '330106': 9, '330108': 8, '330109': 12, '330110': 11, '330111': 6,
  '330112': 5, '330113': 7, '330114': 7, '330122': 3, '330127': 2, '330182': 3,
};

// ---------------------------------------------------------------------------------------------
// Authorities
// ---------------------------------------------------------------------------------------------

interface Authority {
  name: string;
  uscc: string;
  /** 文号 prefix, e.g. 杭西市监 → 杭西市监处罚〔2025〕123号. */
  prefix: string;
}

/** Fictional USCCs for real bodies: dept 1 (机构编制), type 1 (机关), region, MB + 7 invented characters. */
function authorityUscc(region: string, serial: string): string {
  const body = `11${region}MB${serial}`;
  if (body.length !== 17) throw new RangeError(`authority code body must have 17 characters: ${body}`);
  return withCheckCharacter(body);
}

/** 文号 abbreviations of the district bureaus (as Hangzhou's bureaus write them, or close to it). */
const BUREAU_PREFIX: Readonly<Record<string, string>> = {
  '330102': '杭上', '330105': '杭拱', '330106': '杭西', '330108': '杭滨', '330109': '杭萧',
  '330110': '杭余', '330111': '杭富', '330112': '杭临', '330113': '杭临平', '330114': '杭钱',
  '330122': '桐', '330127': '淳', '330182': '建',
};

function districtBureau(d: District): Authority {
  // Counties and the county-level city have "桐庐县市场监督管理局"; districts are under 杭州市.
  const name = d.zh.endsWith('区') ? `杭州市${d.zh}市场监督管理局` : `${d.zh}市场监督管理局`;
  return { name, uscc: authorityUscc(d.code, `1${d.code.slice(2)}08`), prefix: `${BUREAU_PREFIX[d.code] ?? '杭'}市监` };
}

const CITY_BUREAU: Authority = { name: '杭州市市场监督管理局', uscc: authorityUscc('330100', '1010008'), prefix: '杭市监' };
const PROVINCE_BUREAU: Authority = { name: '浙江省市场监督管理局', uscc: authorityUscc('330000', '1000008'), prefix: '浙市监' };
const CITY_GOVERNMENT: Authority = { name: '杭州市人民政府', uscc: authorityUscc('330100', '0000001'), prefix: '杭政函' };
const PROVINCE_GOVERNMENT: Authority = { name: '浙江省人民政府', uscc: authorityUscc('330000', '0000001'), prefix: '浙政发' };
const SAMR: Authority = { name: '国家市场监督管理总局', uscc: authorityUscc('100000', '1000008'), prefix: '国市监质发' };

const DATA_SOURCE = '杭州市市场监督管理局';

// ---------------------------------------------------------------------------------------------
// Awards and honours (DOMAIN.md §4; 杭州市质量促进办法 Art. 19)
// ---------------------------------------------------------------------------------------------

interface Distinction {
  kind: 'quality-award' | 'honour';
  title: string;
  authority: Authority;
  legalBasis: string;
  /** Month and day of the yearly decision. */
  monthDay: string;
  /** Only awarded in odd years (中国质量奖 is biennial). */
  oddYearsOnly?: boolean;
  /** An honour that is valid for a fixed time: its publication ends with its validity. */
  validYears?: number;
  /** Number within the year's 文号, fixed so that one decision carries one number. */
  serial: number;
}

const HANGZHOU_AWARD_BASIS = '《杭州市质量促进办法》第十九条；杭政办函〔2022〕48号';

const AWARDS: readonly (readonly [Distinction, number])[] = [
  [{ kind: 'quality-award', title: '杭州市人民政府质量奖', authority: CITY_GOVERNMENT, legalBasis: HANGZHOU_AWARD_BASIS, monthDay: '12-18', serial: 86 }, 3],
  [{ kind: 'quality-award', title: '杭州市人民政府质量管理创新奖', authority: CITY_GOVERNMENT, legalBasis: HANGZHOU_AWARD_BASIS, monthDay: '12-18', serial: 86 }, 4],
  [{ kind: 'quality-award', title: '杭州市人民政府质量管理优胜奖', authority: CITY_GOVERNMENT, legalBasis: HANGZHOU_AWARD_BASIS, monthDay: '12-18', serial: 86 }, 5],
  [{ kind: 'quality-award', title: '浙江省人民政府质量奖', authority: PROVINCE_GOVERNMENT, legalBasis: '《杭州市质量促进办法》第十九条', monthDay: '11-26', serial: 41 }, 2],
  [{ kind: 'quality-award', title: '中国质量奖提名奖', authority: SAMR, legalBasis: '《杭州市质量促进办法》第十九条；《中国质量奖管理办法》（2021年）', monthDay: '09-15', oddYearsOnly: true, serial: 17 }, 1],
];

const HONOURS: readonly (readonly [Distinction, number])[] = [
  [{ kind: 'honour', title: '杭州市放心消费示范单位', authority: CITY_BUREAU, legalBasis: '《杭州市质量促进办法》第二十三条', monthDay: '03-14', serial: 23 }, 3],
  [{ kind: 'honour', title: '杭州市质量诚信示范企业', authority: CITY_BUREAU, legalBasis: '《杭州市质量促进办法》第二十三条', monthDay: '09-06', serial: 58 }, 3],
  [{ kind: 'honour', title: '浙江省质量信用AA级企业', authority: PROVINCE_BUREAU, legalBasis: '《杭州市质量促进办法》第二十三条', monthDay: '07-10', validYears: 2, serial: 35 }, 2],
];

// ---------------------------------------------------------------------------------------------
// Violations (what negative records are about)
// ---------------------------------------------------------------------------------------------

interface Penalty {
  penaltyTypes: PenaltyType[];
  fineWan?: number;
  confiscationWan?: number;
  restrictionMonths?: number;
  content: string;
}

interface Offence {
  /** Who: 当事人, and whether it makes (生产) or sells (销售). */
  verb: '生产' | '销售';
  product: Product;
  district: District;
}

interface Violation {
  key: string;
  sectors: readonly Sector[];
  severities: readonly Severity[];
  /** Only for industries with compulsory certification / a production licence. */
  needs?: 'ccc' | 'licensed';
  caseName: (o: Offence) => string;
  violationType: string;
  legalBasis: string;
  facts: (o: Offence, rng: Rng, fineWan: number | undefined) => string;
  /** Fine ranges in 万元 by severity (statutory ranges where the article fixes one). */
  fines: Partial<Record<Severity, readonly [number, number]>>;
  /** For serious cases: what is confiscated and which licence may be revoked. */
  confiscates?: (o: Offence) => string;
  revokes?: string;
  /** Serious cases may suspend production (责令停产停业). */
  suspends?: boolean;
  /** Selling the goods earned something that a minor case may confiscate (没收违法所得). */
  gains?: boolean;
  /** SAMR Order 44 Art. 7 ground, where a serious case leads to the punishment list. */
  listingGround?: string;
}

const goodsValue = (rng: Rng, fineWan: number | undefined) =>
  // The fine is a multiple (1–3×) of the goods' value (产品质量法 Art. 49 and its neighbours).
  Math.max(800, Math.round(((fineWan ?? 1) * 10_000) / rng.amount(1, 3, 1) / 10) * 10);

const model = (rng: Rng) => `${rng.pick(['HD', 'KX', 'ZJ', 'QS', 'LY', 'TR'])}-${rng.int(100, 9999)}`;
const batchNo = (rng: Rng) => `${rng.int(2023, 2025)}${String(rng.int(1, 12)).padStart(2, '0')}${rng.digits(4)}`;

const EQUIPMENT = ['乘客电梯', '叉车（场（厂）内专用机动车辆）', '桥式起重机', '蒸汽锅炉', '储气罐（压力容器）'] as const;
const LABEL_GAPS = ['生产者名称和地址', '产品质量检验合格证明', '规格、等级', '执行的产品标准编号'] as const;
const FOOD_LABEL_GAPS = ['生产日期', '贮存条件', '食品生产许可证编号', '配料表'] as const;

const VIOLATIONS: readonly Violation[] = [
  {
    key: 'substandard-product',
    sectors: ['product', 'shop-goods'],
    severities: ['general', 'serious'],
    caseName: (o) => `${o.verb}不符合保障人体健康和人身、财产安全的国家标准的${o.product.name}`,
    violationType: '生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品',
    legalBasis: '《中华人民共和国产品质量法》第十三条、第四十九条',
    facts: (o, rng, fine) =>
      `经查，当事人${o.verb}的${o.product.name}（规格型号：${model(rng)}）经抽样检验，“${rng.pick(o.product.items)}”项目不符合强制性国家标准要求，货值金额${goodsValue(rng, fine)}元。`,
    fines: { general: [1.2, 12], serious: [15, 80] },
    confiscates: (o) => `没收违法${o.verb}的${o.product.name}`,
    revokes: '营业执照',
    listingGround: '生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品，情节严重',
  },
  {
    key: 'adulteration',
    sectors: ['product'],
    severities: ['general', 'serious'],
    caseName: (o) => `在${o.product.name}中以次充好`,
    violationType: '在产品中掺杂、掺假，以假充真，以次充好，以不合格产品冒充合格产品',
    legalBasis: '《中华人民共和国产品质量法》第三十二条、第五十条',
    facts: (o, rng, fine) =>
      `经查，当事人在${o.product.name}生产中以不合格原材料冒充合格原材料，以次充好，货值金额${goodsValue(rng, fine)}元。`,
    fines: { general: [2, 15], serious: [20, 120] },
    confiscates: (o) => `没收违法生产的${o.product.name}`,
    suspends: true,
    listingGround: '在产品中掺杂、掺假，以假充真、以次充好，情节严重',
  },
  {
    key: 'forged-mark',
    sectors: ['product'],
    needs: 'ccc',
    severities: ['general', 'serious'],
    caseName: (o) => `在${o.product.name}上冒用强制性产品认证标志`,
    violationType: '伪造或者冒用认证标志等质量标志',
    legalBasis: '《中华人民共和国产品质量法》第三十一条、第五十三条',
    facts: (o, rng, fine) =>
      `经查，当事人未取得强制性产品认证证书，在其${o.verb}的${o.product.name}及包装上标注CCC认证标志，货值金额${goodsValue(rng, fine)}元。`,
    fines: { general: [1.5, 10], serious: [12, 60] },
    confiscates: (o) => `没收违法${o.verb}的${o.product.name}`,
    revokes: '营业执照',
    listingGround: '伪造、冒用认证标志等质量标志，情节严重',
  },
  {
    key: 'no-production-licence',
    sectors: ['product'],
    needs: 'licensed',
    severities: ['general', 'serious'],
    caseName: (o) => `未取得生产许可证生产${o.product.name}`,
    violationType: '未取得生产许可证擅自生产列入目录的产品',
    legalBasis: '《中华人民共和国工业产品生产许可证管理条例》第五条、第四十五条',
    facts: (o, rng, fine) =>
      `经查，当事人未取得全国工业产品生产许可证，擅自生产列入目录管理的${o.product.name}，货值金额${goodsValue(rng, fine)}元。`,
    fines: { general: [1.5, 12], serious: [15, 60] },
    confiscates: (o) => `没收违法生产的${o.product.name}`,
    suspends: true,
  },
  {
    key: 'labelling',
    sectors: ['product', 'device', 'equipment', 'shop-goods'],
    severities: ['minor', 'general'],
    caseName: (o) => `${o.verb}的${o.product.name}产品标识不符合规定`,
    violationType: '产品标识不符合规定',
    legalBasis: '《中华人民共和国产品质量法》第二十七条、第五十四条',
    facts: (o, rng) => `经查，当事人${o.verb}的${o.product.name}产品标识未标明${rng.pick(LABEL_GAPS)}。`,
    fines: { minor: [0.1, 1], general: [1.2, 3] },
    gains: true,
  },
  {
    key: 'special-equipment-registration',
    sectors: ['product', 'food', 'device', 'equipment'],
    severities: ['minor', 'general'],
    caseName: () => '未按规定申报特种设备定期检验',
    violationType: '特种设备未按规定办理使用登记或者未按期申报定期检验',
    legalBasis: '《中华人民共和国特种设备安全法》第三十三条、第四十条、第八十三条',
    facts: (o, rng) =>
      `经查，当事人使用的${rng.pick(EQUIPMENT)}（设备代码：${o.district.code}${rng.digits(8)}）未在检验合格有效期届满前一个月向检验机构提出定期检验要求，经责令限期改正逾期未改正。`,
    // Art. 83: 一万元以上十万元以下.
    fines: { minor: [1, 1], general: [1.5, 5] },
  },
  {
    key: 'uninspected-special-equipment',
    sectors: ['product', 'food', 'equipment'],
    severities: ['general', 'serious'],
    caseName: () => '使用未经检验的特种设备',
    violationType: '使用未经检验或者检验不合格的特种设备',
    legalBasis: '《中华人民共和国特种设备安全法》第三十二条、第八十四条',
    facts: (o, rng) =>
      `经查，当事人使用的${rng.pick(EQUIPMENT)}（设备代码：${o.district.code}${rng.digits(8)}）定期检验有效期届满后未经检验，当事人仍继续使用达${rng.int(2, 14)}个月。`,
    // Art. 84: 三万元以上三十万元以下.
    fines: { general: [3, 10], serious: [15, 30] },
    suspends: true,
    listingGround: '使用未经检验的特种设备，情节严重',
  },
  {
    key: 'unlicensed-special-equipment-work',
    sectors: ['equipment'],
    severities: ['general', 'serious'],
    caseName: () => '未经许可从事特种设备安装改造修理',
    violationType: '未经许可从事特种设备生产活动',
    legalBasis: '《中华人民共和国特种设备安全法》第十八条、第七十四条',
    facts: (_o, rng) => `经查，当事人未取得特种设备生产许可，擅自从事${rng.pick(EQUIPMENT)}的${rng.pick(['安装', '改造', '修理'])}活动。`,
    // Art. 74: 十万元以上五十万元以下.
    fines: { general: [10, 20], serious: [25, 50] },
  },
  {
    key: 'device-substandard',
    sectors: ['device'],
    severities: ['general', 'serious'],
    caseName: (o) => `经营不符合强制性标准的${o.product.name}`,
    violationType: '经营不符合强制性标准或者不符合经注册的产品技术要求的医疗器械',
    legalBasis: '《医疗器械监督管理条例》第八十六条',
    facts: (o, rng, fine) =>
      `经查，当事人经营的${o.product.name}（批号：${batchNo(rng)}）经抽样检验，“${rng.pick(o.product.items)}”项目不符合强制性标准要求，货值金额${goodsValue(rng, fine)}元。`,
    fines: { general: [2, 10], serious: [15, 50] },
    confiscates: (o) => `没收违法经营的${o.product.name}`,
  },
  {
    key: 'food-standard',
    sectors: ['food', 'shop-food', 'coop'],
    severities: ['general', 'serious'],
    caseName: (o) => `${o.verb}不符合食品安全标准的${o.product.name}`,
    violationType: '生产经营不符合食品安全标准的食品',
    legalBasis: '《中华人民共和国食品安全法》第三十四条、第一百二十四条',
    facts: (o, rng, fine) =>
      `经查，当事人${o.verb}的${o.product.name}（批号：${batchNo(rng)}）经抽样检验，“${rng.pick(o.product.items)}”项目不符合食品安全国家标准，货值金额${goodsValue(rng, (fine ?? 5) / 10)}元。`,
    // Art. 124: 货值不足一万元的，并处五万元以上十万元以下罚款.
    fines: { general: [5, 10], serious: [10, 30] },
    confiscates: (o) => `没收违法${o.verb}的${o.product.name}`,
    revokes: '食品生产许可证',
    suspends: true,
  },
  {
    key: 'food-label',
    sectors: ['food', 'shop-food', 'coop'],
    severities: ['minor', 'general'],
    caseName: (o) => `${o.verb}标签不符合规定的${o.product.name}`,
    violationType: '生产经营标签、说明书不符合规定的食品',
    legalBasis: '《中华人民共和国食品安全法》第六十七条、第一百二十五条',
    facts: (o, rng) => `经查，当事人${o.verb}的预包装${o.product.name}标签未按规定标注${rng.pick(FOOD_LABEL_GAPS)}。`,
    fines: { minor: [0.2, 1], general: [1.2, 5] },
    gains: true,
  },
  {
    key: 'food-health-certificates',
    sectors: ['food', 'shop-food'],
    severities: ['minor'],
    caseName: () => '从业人员未取得健康证明上岗',
    violationType: '未按规定建立并执行从业人员健康管理制度',
    legalBasis: '《中华人民共和国食品安全法》第四十五条、第一百二十六条',
    facts: (_o, rng) => `经查，当事人${rng.int(1, 4)}名从事接触直接入口食品工作的从业人员未取得有效健康证明即上岗。`,
    // Art. 126: 五千元以上五万元以下.
    fines: { minor: [0.5, 1] },
  },
  {
    key: 'metrology',
    sectors: ['shop-food', 'shop-goods', 'coop'],
    severities: ['minor'],
    caseName: () => '使用未经检定的计量器具',
    violationType: '使用未经检定或者检定不合格的计量器具',
    legalBasis: '《中华人民共和国计量法》第九条；《中华人民共和国计量法实施细则》第四十三条',
    facts: (_o, rng) => `经查，当事人在经营中使用的${rng.int(1, 3)}台电子计价秤未按规定申请周期检定。`,
    // 实施细则 Art. 43: 一千元以下.
    fines: { minor: [0.05, 0.1] },
  },
];

/** SAMR Order 44 Art. 7: a provincial spot-check failure confirmed on re-inspection. */
const SPOT_CHECK_LISTING_GROUND = '省级监督抽查不合格且复检仍不合格';
const PUNISHMENT_LIST_BASIS = '《市场监督管理严重违法失信名单管理办法》第七条';
const INCENTIVE_LIST_BASIS = '《杭州市质量促进办法》第十九条、第二十三条';

// ---------------------------------------------------------------------------------------------
// Identity: USCCs, names, people
// ---------------------------------------------------------------------------------------------

/** GB 32100-2015 §4: the code alphabet, valued 0–30 in this order. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

type OrgType = '91' | '92' | '93';

/**
 * Positions 3–8 are the registering authority's region *at registration* (DOMAIN.md §1): mostly the
 * district, sometimes the city or province, and for older firms an abolished district — 下城 (now
 * in 拱墅) or 江干 (now in 上城 and 钱塘) — or 余杭 for firms now in 临平 (split off in 2021).
 */
function registrationRegion(rng: Rng, district: string, type: OrgType): string {
  const retired: Record<string, readonly string[]> = { '330105': ['330103'], '330102': ['330104'], '330114': ['330104'], '330113': ['330110'] };
  const options: [string, number][] = [[district, 70]];
  if (type === '91') options.push(['330100', 14], ['330000', 5]);
  for (const code of retired[district] ?? []) options.push([code, 18]);
  return rng.weighted(options);
}

function organisationCode(rng: Rng, modern: boolean): string {
  // Codes issued since 2015 begin MA…; older ones carry the 8-digit GB 11714 code and its check.
  if (modern) {
    let s = 'MA';
    for (let i = 0; i < 7; i++) s += rng.pick(USCC_ALPHABET.split(''));
    return s;
  }
  return rng.digits(8) + rng.pick(USCC_ALPHABET.split(''));
}

/** GB 11643-1999 check digit (ISO 7064 MOD 11-2). */
function idCheckDigit(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (weights[i] ?? 0);
  return '10X98765432'[sum % 11] as string;
}

/**
 * A fake resident ID number. It exists only so the privacy filter has something to hide: the
 * public projection must never let it out, and tests look for it in everything published. It has
 * the 18-character format and a correct check digit, but its region starts with 99 — no province
 * has that code — so it can never be a real person's number.
 */
function fakeIdNumber(rng: Rng): string {
  const birth = `${rng.int(1960, 1998)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const body = `99${rng.digits(4)}${birth}${rng.digits(3)}`;
  return body + idCheckDigit(body);
}

/**
 * A fake contact phone (never public, 个人信息保护法). Hangzhou local numbers never begin with 0,
 * so 0571-0xxxxxxx looks like a phone number and reaches no one.
 */
function fakePhone(rng: Rng): string {
  return `0571-0${rng.digits(7)}`;
}

const personName = (rng: Rng, surname = rng.pick(SURNAMES)) => surname + rng.pick(GIVEN_NAMES);

/** Short place name in firm names: 萧山区 → 萧山, 建德市 → 建德. */
const shortPlace = (d: District) => d.zh.slice(0, -1);

function companyName(rng: Rng, d: District, region: string, industry: Industry): string {
  const trade = rng.pick(TRADE_NAMES);
  const suffix = rng.weighted([['有限公司', 80], ['股份有限公司', 14], ['集团有限公司', 6]] as const);
  // Firms registered with the province usually carry 浙江 (DOMAIN.md §1: region 330000).
  if (region === '330000') return `浙江${trade}${industry.word}${suffix}`;
  const county = d.zh.endsWith('区') ? null : d.zh;
  const style = rng.weighted([
    ['city', county ? 35 : 60],
    ['district', county ? 0 : 20],
    ['county', county ? 55 : 0],
    ['branch', 10],
  ] as const);
  switch (style) {
    case 'district':
      return `杭州${shortPlace(d)}${trade}${industry.word}${suffix}`;
    case 'county':
      return `${rng.chance(0.5) ? county : shortPlace(d)}${trade}${industry.word}${suffix}`;
    case 'branch':
      // No place word in front: nameAlias has nothing to strip (the alias item is deleted).
      return `${trade}${industry.word}（杭州）有限公司`;
    default:
      return `杭州${trade}${industry.word}${suffix}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Profiles: what kind of credit history an enterprise gets, and so which class it ends up in
// ---------------------------------------------------------------------------------------------

/**
 * Shares of the profiles. Under the default scheme (DOMAIN.md §5) D ≈ 5 %, C ≈ 25 %, A ≈ 10 %,
 * and B — clean, minor records only, honours without a list entry, or an incentive entry together
 * with a minor record (B.minor-record) — the rest.
 */
type Profile = 'D' | 'C' | 'A' | 'B-minor' | 'B-honour' | 'B-award-minor' | 'B-clean';
const PROFILE_SHARES: readonly (readonly [Exclude<Profile, 'B-clean'>, number])[] = [
  ['D', 0.05],
  ['C', 0.25],
  ['A', 0.1],
  ['B-minor', 0.29],
  ['B-honour', 0.1],
  ['B-award-minor', 0.03],
];

/** Profile counts by quota (not by chance), so that even a small set holds every class. */
function profileQuota(n: number): Profile[] {
  const counts = PROFILE_SHARES.map(([p, share]) => [p, Math.max(n >= 20 ? 1 : 0, Math.round(n * share))] as [Profile, number]);
  let assigned = counts.reduce((s, [, c]) => s + c, 0);
  while (assigned > n) {
    const largest = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
    largest[1]--;
    assigned--;
  }
  return [...counts.flatMap(([p, c]) => Array<Profile>(c).fill(p)), ...Array<Profile>(n - assigned).fill('B-clean')];
}

/** The internal risk class (国市监信发〔2022〕6号) for some: loosely follows the history. */
function riskClassFor(rng: Rng, profile: Profile): CreditClass | undefined {
  if (rng.chance(0.35)) return undefined;
  switch (profile) {
    case 'D':
      return rng.weighted([['D', 7], ['C', 3]] as const);
    case 'C':
      return rng.weighted([['C', 5], ['B', 4], ['D', 1]] as const);
    case 'A':
      return rng.weighted([['A', 8], ['B', 2]] as const);
    default:
      return rng.weighted([['A', 3], ['B', 6], ['C', 1]] as const);
  }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/** Saturday and Sunday move back to Friday (make-up working days are ignored in demo data). */
function workday(date: CalendarDate): CalendarDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 6 ? addDays(date, -1) : weekday === 0 ? addDays(date, -2) : date;
}

const year = (date: CalendarDate) => Number(date.slice(0, 4));

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

interface Subject {
  name: string;
  district: District;
  bureau: Authority;
  sector: Sector;
  industry?: Industry;
  products: readonly Product[];
  verb: '生产' | '销售';
}

class Generator {
  readonly rng: Rng;
  readonly today: CalendarDate;
  /** 文号 serials per prefix and year, so every decision number is unique. */
  readonly #serials = new Map<string, number>();
  readonly #distinctions: Map<string, { decisionDate: CalendarDate; publishedOn: CalendarDate; validUntil?: CalendarDate; number: string }[]>;

  constructor(seed: number, today: CalendarDate) {
    this.rng = new Rng(seed);
    this.today = today;
    this.#distinctions = new Map([...AWARDS, ...HONOURS].map(([d]) => [d.title, this.#decisionsOf(d)]));
  }

  #decisionNumber(prefix: string, kind: string, y: number): string {
    const key = `${prefix}${kind}#${y}`;
    const next = (this.#serials.get(key) ?? this.rng.int(20, 120)) + this.rng.int(1, 9);
    this.#serials.set(key, next);
    return `${prefix}${kind}〔${y}〕${next}号`;
  }

  /** The yearly decisions of an award or honour that are still published on `today`. */
  #decisionsOf(d: Distinction) {
    const out: { decisionDate: CalendarDate; publishedOn: CalendarDate; validUntil?: CalendarDate; number: string }[] = [];
    for (let y = year(this.today) - 4; y <= year(this.today); y++) {
      if (d.oddYearsOnly && y % 2 === 0) continue;
      const decisionDate = workday(`${y}-${d.monthDay}`);
      const publishedOn = workday(addDays(decisionDate, 6));
      // Leave room for an incentive entry to start after publication, before today.
      if (addDays(publishedOn, 45) >= this.today) continue;
      const validUntil = d.validYears ? addDays(addMonths(decisionDate, d.validYears * 12), -1) : undefined;
      const publication = publicationFor({ kind: d.kind, ...(validUntil ? { validUntil } : {}) }, publishedOn);
      if (!publication.published || publication.publicationEnd < this.today) continue;
      const number = `${d.authority.prefix}〔${y}〕${d.serial}号`;
      out.push({ decisionDate, publishedOn, ...(validUntil ? { validUntil } : {}), number });
    }
    return out;
  }

  /** A publication day `daysAgo` back (moved to a working day) and a decision 3–12 days before. */
  #dates(daysAgo: number): { decisionDate: CalendarDate; publishedOn: CalendarDate } {
    const publishedOn = workday(addDays(this.today, -daysAgo));
    // SAMR Order 45 has a decision published within 20 working days; a few days is typical.
    const decisionDate = workday(addDays(publishedOn, -this.rng.int(3, 12)));
    return { decisionDate, publishedOn };
  }

  /** Longest look-back that keeps a record of `months` months published on `today`. */
  static maxDaysAgo(months: number): number {
    // A month is at least 28 days; minus 3 for the move back to a working day.
    return months * 29 - 3;
  }

  /** Check a list entry is current on `today` and started before it. */
  checkedListing(listing: ListingDraft): ListingDraft {
    if (!(listing.startDate < this.today && listingEnd(listing.listType, listing.startDate) >= this.today)) {
      throw new Error(`demo data: ${listing.listType} entry from ${listing.startDate} is not current`);
    }
    return listing;
  }

  /** Check the record is published on `today` (expiry is a later feature); a bug here throws. */
  #checked(record: RecordDraft): RecordDraft {
    const publication = publicationFor(record, record.publishedOn ?? this.today);
    if (!publication.published) throw new Error(`demo data: ${record.decisionNumber} would not be published`);
    if (publication.publicationEnd < this.today) throw new Error(`demo data: ${record.decisionNumber} ended on ${publication.publicationEnd}`);
    if (!(record.decisionDate < (record.publishedOn ?? this.today) && (record.publishedOn ?? this.today) < this.today)) {
      throw new Error(`demo data: ${record.decisionNumber} has dates out of order`);
    }
    return record;
  }

  penalty(v: Violation, severity: Severity, o: Offence): Penalty {
    const rng = this.rng;
    const [lo, hi] = v.fines[severity] ?? [1, 5];
    if (severity === 'minor') {
      // Small fines and 通报批评: SAMR Order 45 Art. 13 publishes them for 3 months only, unless
      // illegal gains were also confiscated. A warning alone is never published (Art. 6), so a
      // warning only ever comes with a fine.
      const shape = rng.weighted([['fine', 6], ['warning-fine', 2], ['criticism', v.key === 'labelling' ? 2 : 0], ['fine-gains', v.gains ? 2 : 0]] as const);
      const fineWan = rng.amount(lo, hi, 2);
      switch (shape) {
        case 'criticism':
          return { penaltyTypes: ['public-criticism'], content: '责令改正，通报批评' };
        case 'warning-fine':
          return { penaltyTypes: ['warning', 'fine'], fineWan, content: `警告，罚款${fineWan}万元` };
        case 'fine-gains': {
          const gains = rng.amount(0.01, 0.3, 2);
          return { penaltyTypes: ['fine', 'confiscation-of-illegal-gains'], fineWan, confiscationWan: gains, content: `责令改正，罚款${fineWan}万元，没收违法所得${gains}万元` };
        }
        default:
          return { penaltyTypes: ['fine'], fineWan, content: `责令改正，罚款${fineWan}万元` };
      }
    }
    const fineWan = rng.amount(lo, hi, severity === 'serious' ? 1 : 2);
    const types: PenaltyType[] = ['fine'];
    const parts: string[] = [];
    let confiscationWan: number | undefined;
    let restrictionMonths: number | undefined;
    if (v.confiscates) {
      types.push('confiscation-of-illegal-property');
      parts.push(v.confiscates(o));
    }
    if (v.confiscates && rng.chance(severity === 'serious' ? 0.8 : 0.5)) {
      confiscationWan = rng.amount(0.05, severity === 'serious' ? 8 : 2, 2);
      types.push('confiscation-of-illegal-gains');
    }
    // SAMR Order 44 lists only after a heavier penalty (DOMAIN.md §4): 从重 fine, revocation, suspension.
    parts.push(severity === 'serious' ? `从重处罚，罚款${fineWan}万元` : `罚款${fineWan}万元`);
    if (confiscationWan !== undefined) parts.push(`没收违法所得${confiscationWan}万元`);
    if (severity === 'serious') {
      const heavier = rng.weighted([['none', 4], ['revoke', v.revokes ? 2 : 0], ['suspend', v.suspends ? 3 : 0]] as const);
      if (heavier === 'revoke') {
        types.push('licence-revoked');
        parts.push(`吊销${v.revokes}`);
      } else if (heavier === 'suspend') {
        restrictionMonths = rng.pick([3, 6, 6, 12]);
        types.push('production-suspended');
        parts.push(`责令停产停业${restrictionMonths}个月`);
      }
    }
    return {
      penaltyTypes: types,
      fineWan,
      ...(confiscationWan !== undefined ? { confiscationWan } : {}),
      ...(restrictionMonths !== undefined ? { restrictionMonths } : {}),
      content: parts.join('，'),
    };
  }

  /** An administrative penalty of the given violation and severity, published `daysAgo` back. */
  penaltyRecord(s: Subject, v: Violation, severity: Severity, when?: number, authority: Authority = s.bureau): RecordDraft {
    const rng = this.rng;
    const o: Offence = { verb: s.verb, product: rng.pick(s.products), district: s.district };
    const p = this.penalty(v, severity, o);
    const months = publicationFor({ kind: 'administrative-penalty', penaltyTypes: p.penaltyTypes, ...(p.fineWan !== undefined ? { fineWan: p.fineWan } : {}) }, this.today);
    const window = months.published && months.months ? Generator.maxDaysAgo(Math.min(months.months, 36)) : 80;
    const { decisionDate, publishedOn } = this.#dates(when ?? rng.int(4, window));
    const record: RecordDraft = {
      kind: 'administrative-penalty',
      severity,
      title: `${s.name}${v.caseName(o)}案`,
      decisionNumber: this.#decisionNumber(authority.prefix, '处罚', year(decisionDate)),
      violationType: v.violationType,
      facts: v.facts(o, rng, p.fineWan),
      legalBasis: v.legalBasis,
      penaltyTypes: p.penaltyTypes,
      penaltyContent: p.content,
      ...(p.fineWan !== undefined ? { fineWan: p.fineWan } : {}),
      ...(p.confiscationWan !== undefined ? { confiscationWan: p.confiscationWan } : {}),
      ...(p.restrictionMonths !== undefined ? { restrictionMonths: p.restrictionMonths } : {}),
      decisionDate,
      authority: { name: authority.name, uscc: authority.uscc },
      dataSource: DATA_SOURCE,
      publishedOn,
      // Internal only: where the case came from (杭州市质量促进办法 Art. 25: complaints and reports).
      ...(rng.chance(0.3) ? { internalNote: rng.pick(['案件来源：投诉举报', '案件来源：监督抽查后续处置', '案件来源：日常监督检查', '案件来源：上级交办']) } : {}),
    };
    return this.#checked(record);
  }

  /**
   * A failed supervision spot check. 轻微: a labelling item; 一般: a safety item; 严重: a provincial
   * spot check whose failure the re-inspection confirmed (SAMR Order 44 Art. 7).
   */
  spotCheckRecord(s: Subject, severity: Severity, when?: number): RecordDraft {
    const rng = this.rng;
    const food = s.sector === 'food' || s.sector === 'shop-food' || s.sector === 'coop';
    const product = rng.pick(s.products);
    const level = severity === 'serious' ? PROVINCE_BUREAU : rng.weighted([[s.bureau, 6], [CITY_BUREAU, 3], [PROVINCE_BUREAU, 1]] as const);
    const levelName = level.name.replace('市场监督管理局', '');
    const { decisionDate, publishedOn } = this.#dates(when ?? rng.int(4, Generator.maxDaysAgo(36)));
    const item = severity === 'minor' ? (food ? '标签' : '标志和说明') : rng.pick(product.items);
    const retest = severity === 'serious' ? '当事人申请复检，经复检仍不合格。' : '';
    const record: RecordDraft = {
      kind: 'spot-check-failure',
      severity,
      title: food
        ? `${year(decisionDate)}年${levelName}食品安全监督抽检不合格（${product.name}）`
        : `${year(decisionDate)}年${levelName}${product.name}产品质量监督抽查不合格`,
      decisionNumber: this.#decisionNumber(level.prefix, '抽检', year(decisionDate)),
      violationType: food ? '食品安全监督抽检不合格' : '产品质量监督抽查不合格',
      facts: `在${levelName}组织的${food ? '食品安全监督抽检' : '产品质量监督抽查'}中，当事人${s.verb}的${product.name}（${food ? '批号' : '规格型号'}：${food ? batchNo(rng) : model(rng)}）经检验，“${item}”项目不符合${food ? '食品安全国家标准' : '标准'}要求，检验结论为不合格。${retest}`,
      legalBasis: food
        ? '《中华人民共和国食品安全法》第八十七条；《食品安全抽样检验管理办法》'
        : '《中华人民共和国产品质量法》第十五条、第十七条；《产品质量监督抽查管理暂行办法》',
      penaltyTypes: [],
      penaltyContent:
        severity === 'minor'
          ? '责令限期改正'
          : severity === 'general'
            ? '责令停止生产、销售同批次不合格产品，限期改正并复查'
            : '责令停止生产、销售，限期改正；复检仍不合格，依法向社会公告',
      decisionDate,
      authority: { name: level.name, uscc: level.uscc },
      dataSource: DATA_SOURCE,
      publishedOn,
    };
    return this.#checked(record);
  }

  /** An award or honour from one of its yearly decisions still in publication. */
  distinctionRecord(d: Distinction, exclude: ReadonlySet<string>): RecordDraft | undefined {
    const options = (this.#distinctions.get(d.title) ?? []).filter((x) => !exclude.has(`${d.kind}#${x.number}`));
    if (options.length === 0) return undefined;
    const x = this.rng.pick(options);
    const record: RecordDraft = {
      kind: d.kind,
      severity: null,
      title: `${year(x.decisionDate)}年度${d.title}`,
      decisionNumber: x.number,
      facts: d.kind === 'quality-award' ? `经评审，获${year(x.decisionDate)}年度“${d.title}”。` : `经评定，被认定为${year(x.decisionDate)}年度“${d.title}”。`,
      legalBasis: d.legalBasis,
      penaltyTypes: [],
      decisionDate: x.decisionDate,
      authority: { name: d.authority.name, uscc: d.authority.uscc },
      dataSource: DATA_SOURCE,
      publishedOn: x.publishedOn,
      ...(x.validUntil ? { validUntil: x.validUntil } : {}),
    };
    return this.#checked(record);
  }

  violationsFor(s: Subject, severity: Severity): Violation[] {
    return VIOLATIONS.filter(
      (v) =>
        v.sectors.includes(s.sector) &&
        v.severities.includes(severity) &&
        (v.needs === undefined || (v.needs === 'ccc' ? s.industry?.ccc : s.industry?.licensed)),
    );
  }

  /** A negative record of this severity that fits the subject: a penalty or a failed spot check. */
  negativeRecord(s: Subject, severity: Severity): RecordDraft {
    const spotCheckable = s.sector !== 'device' && s.sector !== 'equipment';
    if (spotCheckable && this.rng.chance(severity === 'serious' ? 0.15 : 0.3)) return this.spotCheckRecord(s, severity);
    const options = this.violationsFor(s, severity);
    if (options.length === 0) return this.spotCheckRecord(s, severity);
    // Now and then the city bureau decides a case itself.
    const authority = this.rng.chance(0.1) ? CITY_BUREAU : s.bureau;
    return this.penaltyRecord(s, this.rng.pick(options), severity, undefined, authority);
  }
}

/** The enterprise itself: identity, name, district, and what it does. */
function makeSubject(g: Generator, profile: Profile, district: District, usedNames: Set<string>, usedUsccs: Set<string>) {
  const rng = g.rng;
  // Awards and listings go to companies; shops (92) and cooperatives (93) appear among the rest.
  const companyOnly = profile === 'D' || profile === 'A' || profile === 'B-honour' || profile === 'B-award-minor';
  let type: OrgType = companyOnly ? '91' : rng.weighted([['91', 78], ['92', 14], ['93', 8]] as const);
  if (type === '93' && !COOP_DISTRICTS.has(district.code)) type = '91';

  const region = registrationRegion(rng, district.code, type);
  let uscc: string;
  do uscc = withCheckCharacter(`${type}${region}${organisationCode(rng, type !== '91' || rng.chance(0.65))}`);
  while (usedUsccs.has(uscc));
  usedUsccs.add(uscc);

  const representative = personName(rng);
  let name = '';
  let sector: Sector = 'product';
  let industry: Industry | undefined;
  let products: readonly Product[] = [];
  for (let attempt = 0; ; attempt++) {
    if (attempt > 500) throw new Error('demo data: ran out of distinct enterprise names');
    if (type === '92') {
      const shop = rng.pick(SHOPS);
      // 个体工商户 are often named after the owner: 拱墅区陈记小吃店.
      const trade = rng.chance(0.5) ? `${representative.slice(0, 1)}记` : rng.pick(TRADE_NAMES);
      const place = district.zh.endsWith('区') && rng.chance(0.4) ? `杭州市${district.zh}` : district.zh;
      ({ sector, products } = shop);
      name = `${place}${trade}${shop.word}`;
    } else if (type === '93') {
      const crop = rng.pick(COOP_CROPS);
      sector = 'coop';
      products = crop.products;
      name = `${district.zh.endsWith('区') ? `杭州市${district.zh}` : district.zh}${rng.pick(TRADE_NAMES)}${crop.word}专业合作社`;
    } else {
      // Firms that end on the punishment list make industrial products (Order 44 Art. 7 grounds).
      const pool = profile === 'D' ? INDUSTRIES.filter((i) => i.sector === 'product') : INDUSTRIES;
      industry = rng.pick(pool);
      ({ sector, products } = industry);
      name = companyName(rng, district, region, industry);
    }
    if (!usedNames.has(name)) break;
  }
  usedNames.add(name);

  const street = rng.pick(STREETS[district.code] ?? ['人民路']);
  const riskClass = riskClassFor(rng, profile);
  const subject: Subject = {
    name,
    district,
    bureau: districtBureau(district),
    sector,
    ...(industry ? { industry } : {}),
    products,
    verb: type === '91' && sector !== 'device' ? '生产' : '销售',
  };
  return {
    subject,
    enterprise: {
      uscc,
      checkDigitValid: true,
      name,
      district: district.code,
      registeredAddress: `浙江省杭州市${district.zh}${street}${rng.int(1, 999)}号${type === '91' && rng.chance(0.4) ? `${rng.int(1, 12)}幢${rng.int(101, 1808)}室` : ''}`,
      legalRepresentative: { name: representative, idNumber: fakeIdNumber(rng) },
      ...(rng.chance(0.8) ? { contactPhone: fakePhone(rng) } : {}),
      ...(riskClass ? { riskClass } : {}),
    },
  };
}

/** Records and list entries for one enterprise, following its profile. */
function makeHistory(g: Generator, profile: Profile, s: Subject): { records: RecordDraft[]; listings: ListingDraft[] } {
  const rng = g.rng;
  const records: RecordDraft[] = [];
  const listings: ListingDraft[] = [];
  const minors = (n: number) => {
    for (let i = 0; i < n; i++) records.push(g.negativeRecord(s, 'minor'));
  };
  const distinctions = (table: readonly (readonly [Distinction, number])[], n: number): RecordDraft[] => {
    const got: RecordDraft[] = [];
    const seen = new Set(records.map((r) => `${r.kind}#${r.decisionNumber}`));
    for (let i = 0; i < n; i++) {
      const r = g.distinctionRecord(rng.weighted(table), seen);
      if (!r) continue;
      seen.add(`${r.kind}#${r.decisionNumber}`);
      got.push(r);
    }
    records.push(...got);
    return got;
  };
  const incentiveFor = (award: RecordDraft) => {
    // The city bureau lists the award holder a few weeks after the award is published.
    const startDate = workday(addDays(award.publishedOn as CalendarDate, rng.int(10, 40)));
    listings.push(g.checkedListing({
      listType: 'incentive',
      grounds: `获得${award.title}`,
      legalBasis: INCENTIVE_LIST_BASIS,
      measures: [...LISTING_RULES.incentive.defaultMeasures],
      decidingAuthority: CITY_BUREAU.name,
      startDate,
    }));
  };

  switch (profile) {
    case 'D': {
      // The serious penalty that leads to the list; sometimes after a provincial spot check that
      // the re-inspection confirmed (Order 44 Art. 7).
      const viaSpotCheck = rng.chance(0.3);
      const penaltyDaysAgo = rng.int(45, viaSpotCheck ? 850 : 950);
      let ground: string;
      if (viaSpotCheck) {
        records.push(g.spotCheckRecord(s, 'serious', penaltyDaysAgo + rng.int(60, 150)));
        records.push(g.penaltyRecord(s, VIOLATIONS.find((v) => v.key === 'substandard-product') as Violation, 'serious', penaltyDaysAgo));
        ground = SPOT_CHECK_LISTING_GROUND;
      } else {
        const v = rng.pick(g.violationsFor(s, 'serious').filter((x) => x.listingGround));
        records.push(g.penaltyRecord(s, v, 'serious', penaltyDaysAgo));
        ground = v.listingGround as string;
      }
      const penalty = records[records.length - 1] as RecordDraft;
      // Order 44: the bureau that imposed the penalty lists, after notice and defence (~weeks).
      listings.push(g.checkedListing({
        listType: 'punishment',
        grounds: ground,
        legalBasis: PUNISHMENT_LIST_BASIS,
        measures: [...LISTING_RULES.punishment.defaultMeasures],
        decidingAuthority: penalty.authority.name,
        startDate: workday(addDays(penalty.publishedOn as CalendarDate, rng.int(10, 28))),
      }));
      for (let i = rng.int(1, 3); i > 0; i--) records.push(g.negativeRecord(s, rng.weighted([['general', 3], ['minor', 2]] as const)));
      break;
    }
    case 'C': {
      for (let i = rng.int(1, 3); i > 0; i--) records.push(g.negativeRecord(s, rng.weighted([['general', 4], ['serious', 1]] as const)));
      minors(rng.weighted([[0, 2], [1, 3], [2, 3]] as const));
      // An old award does not outweigh a current negative record (still C).
      if (s.sector === 'product' && rng.chance(0.08)) distinctions(AWARDS, 1);
      break;
    }
    case 'A': {
      const awards = distinctions(AWARDS, rng.weighted([[1, 7], [2, 3]] as const));
      for (const a of awards) incentiveFor(a);
      if (awards.length === 0) throw new Error('demo data: no award decision is in publication');
      distinctions(HONOURS, rng.weighted([[0, 2], [1, 2], [2, 1]] as const));
      break;
    }
    case 'B-minor':
      minors(rng.weighted([[1, 2], [2, 4], [3, 3], [4, 2]] as const));
      break;
    case 'B-honour':
      distinctions(HONOURS, rng.weighted([[1, 2], [2, 2], [3, 1]] as const));
      break;
    case 'B-award-minor': {
      // On the incentive list, but a minor record keeps it out of A (B.minor-record).
      for (const a of distinctions(AWARDS, 1)) incentiveFor(a);
      minors(rng.int(1, 2));
      break;
    }
    case 'B-clean':
      break;
  }
  return { records, listings };
}

/**
 * The demo data set: one `EnterpriseBatch` per enterprise, in a fixed order. Pure and
 * deterministic — the same options always give deep-equal output.
 *
 * @example demoData({ today: '2026-05-20' }).length // 300
 */
export function demoData(options: DemoOptions): EnterpriseBatch[] {
  const { today, seed = DEMO_DEFAULT_SEED, enterprises: n = DEMO_DEFAULT_ENTERPRISES } = options;
  if (!isCalendarDate(today)) throw new RangeError(`today must be a calendar date YYYY-MM-DD, got ${today}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`enterprises must be a positive integer, got ${n}`);

  const g = new Generator(seed, today);
  const profiles = g.rng.shuffle(profileQuota(n));
  // Every district once, then by weight; shuffled so the order says nothing.
  const weights = DISTRICTS.map((d) => [d, DISTRICT_WEIGHTS[d.code] ?? 1] as const);
  const districts = g.rng.shuffle([...DISTRICTS.slice(0, n), ...Array.from({ length: Math.max(0, n - DISTRICTS.length) }, () => g.rng.weighted(weights))]);

  const usedNames = new Set<string>();
  const usedUsccs = new Set<string>();
  const batches = profiles.map((profile, i): EnterpriseBatch => {
    const { subject, enterprise } = makeSubject(g, profile, districts[i] as District, usedNames, usedUsccs);
    return { enterprise, ...makeHistory(g, profile, subject) };
  });

  // One registration with a wrong check character, as some legal pilot-era codes have: it
  // exercises the warning path (DOMAIN.md §1). A clean B enterprise, so nothing else hinges on it.
  const target = batches.find((b) => b.records.length === 0 && b.listings.length === 0 && b.enterprise.uscc.startsWith('91')) ?? batches[0];
  if (target) {
    const body = target.enterprise.uscc.slice(0, 17);
    const good = target.enterprise.uscc.slice(17);
    const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(good) + 7) % USCC_ALPHABET.length] as string;
    if (!usedUsccs.has(body + wrong)) target.enterprise = { ...target.enterprise, uscc: body + wrong, checkDigitValid: false };
  }
  return batches;
}

// ---------------------------------------------------------------------------------------------
// Loading through the ledger
// ---------------------------------------------------------------------------------------------

export interface LoadOptions extends DemoOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Publish the demo data set into an empty register: one `import.batch` event per transaction,
 * sequentially and in order. Loading twice into the same table fails (the records already exist).
 *
 * @example await loadDemoData(db, { today: shanghaiDate() }) // { enterprises: 300, records: 6xx, listings: 4x, events: 1x }
 */
export async function loadDemoData(db: Db, options: LoadOptions): Promise<{ enterprises: number; records: number; listings: number; events: number }> {
  const batches = demoData(options);
  const groups = groupBatches(batches);
  // The data is generated for `today`: publish it on that day too, so that its periods are judged
  // on the day they were made for (the real clock when today is today).
  const clock = () => (options.today === shanghaiDate() ? new Date() : new Date(`${options.today}T04:00:00Z`));
  let done = 0;
  let events = 0;
  for (const group of groups) {
    // Every group registers new enterprises, so each commits one ledger event.
    const { event } = await publishBatch(db, 'import.batch', group, { actor: { kind: 'system', id: 'demo-seed' }, now: clock });
    if (event) events++;
    done += group.length;
    options.onProgress?.(done, batches.length);
  }
  return {
    enterprises: batches.length,
    records: batches.reduce((s, b) => s + b.records.length, 0),
    listings: batches.reduce((s, b) => s + b.listings.length, 0),
    events,
  };
}
