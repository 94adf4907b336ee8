/**
 * Hangzhou's county-level divisions after the 2021 restructuring (国务院 国函〔2021〕21号,
 * effective 2021-04-09). Data, versioned by the date it became true.
 */
export const DISTRICTS_VERSION = '2021-04-09';

export interface District {
  code: string;
  zh: string;
  en: string;
}

export const DISTRICTS: readonly District[] = [
  { code: '330102', zh: '上城区', en: 'Shangcheng' },
  { code: '330105', zh: '拱墅区', en: 'Gongshu' },
  { code: '330106', zh: '西湖区', en: 'Xihu' },
  { code: '330108', zh: '滨江区', en: 'Binjiang' },
  { code: '330109', zh: '萧山区', en: 'Xiaoshan' },
  { code: '330110', zh: '余杭区', en: 'Yuhang' },
  { code: '330111', zh: '富阳区', en: 'Fuyang' },
  { code: '330112', zh: '临安区', en: "Lin'an" },
  { code: '330113', zh: '临平区', en: 'Linping' },
  { code: '330114', zh: '钱塘区', en: 'Qiantang' },
  { code: '330122', zh: '桐庐县', en: 'Tonglu' },
  { code: '330127', zh: '淳安县', en: "Chun'an" },
  { code: '330182', zh: '建德市', en: 'Jiande' },
];

/**
 * Abolished in 2021 but still present in positions 3–8 of older USCCs. Never a *current* district.
 */
export const RETIRED_DISTRICTS: readonly District[] = [
  { code: '330103', zh: '下城区', en: 'Xiacheng (abolished 2021)' },
  { code: '330104', zh: '江干区', en: 'Jianggan (abolished 2021)' },
];

const byCode = new Map(DISTRICTS.map((d) => [d.code, d]));

export const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as [string, ...string[]];

/** A current Hangzhou district by its code, or undefined. */
export function districtByCode(code: string): District | undefined {
  return byCode.get(code);
}
