/**
 * Key builders: the only place that spells `PK`/`SK` values. Handlers and commands never do.
 */
import { DISTRICTS } from '../rules/districts.ts';
import type { CreditClass } from '../rules/classification.ts';
import type { ListType } from '../rules/listings.ts';
import type { CreditRecord, Enterprise, Listing } from '../register/model.ts';

const SEQ_DIGITS = 12;

export const enterprisePk = (uscc: string) => `ENT#${uscc}`;
export const PROFILE_SK = '#PROFILE';
/** Alias items: `#ALIAS#1`, `#ALIAS#2` — one per way of writing the name without place words. */
export const aliasSk = (n: number) => `#ALIAS#${n}`;
export const MAX_ALIASES = 2;
export const recordSk = (id: string) => `REC#${id}`;
export const listingSk = (id: string) => `LST#${id}`;
export const idKey = (id: string) => `ID#${id}`;

export const LEDGER_PK = 'LEDGER';
export const HEAD_SK = 'HEAD';
export const eventSk = (seq: number) => `EVT#${String(seq).padStart(SEQ_DIGITS, '0')}`;
export const MAX_SEQ = 10 ** SEQ_DIGITS - 1;

/**
 * How a name is compared in prefix search: Unicode NFKC (full-width Latin and digits fold to
 * half-width), upper case, no white space or brackets' width differences.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
}

/** The GSI2 partition for a name key: its first character (a whole code point). */
export const namePartition = (key: string) => `NAME#${Array.from(key)[0] ?? ''}`;

/** Province and city words a name may start with, longest first. */
const CITY_WORDS = ['浙江省', '浙江', '杭州市', '杭州'];
/** District words (萧山区 and 萧山 …), longest first. */
const DISTRICT_WORDS = DISTRICTS.flatMap((d) => [d.zh, d.zh.slice(0, -1)]).sort((a, b) => b.length - a.length);

/** Strip leading `words` (each whole, longest first) while at least two characters remain. */
function stripLeading(key: string, words: readonly string[]): string {
  let rest = key;
  for (;;) {
    // Never a shorter piece of a word: if 杭州市 cannot go, 杭州 does not go instead.
    const word = words.find((w) => rest.startsWith(w));
    if (!word || Array.from(rest).length - Array.from(word).length < 2) return rest;
    rest = rest.slice(word.length);
  }
}

/**
 * The name without any of its leading place words, so that 娃哈哈 finds 杭州娃哈哈集团有限公司.
 * Undefined when nothing is stripped or too little would remain.
 */
export function nameAlias(name: string): string | undefined {
  return nameAliases(name).at(-1);
}

/**
 * The ways a name is found besides its full form (at most MAX_ALIASES): without its province and
 * city words, and without its district words too. 杭州西湖龙井茶业有限公司 → [西湖龙井茶业有限公司,
 * 龙井茶业有限公司], so both 西湖龙井 and 龙井 find it.
 */
export function nameAliases(name: string): string[] {
  const full = nameKey(name);
  const withoutCity = stripLeading(full, CITY_WORDS);
  const withoutDistrict = stripLeading(withoutCity, DISTRICT_WORDS);
  return [...new Set([withoutCity, withoutDistrict])].filter((alias) => alias !== full);
}

export const districtPartition = (code: string) => `DIST#${code}`;
export const classPartition = (cls: CreditClass) => `CLASS#${cls}`;
export const listPartition = (type: ListType) => `LIST#${type}`;
export const ACTIVE_LISTING_PREFIX = 'A#';

/** Every key attribute of an enterprise's profile item. */
export function enterpriseKeys(e: Enterprise) {
  const key = nameKey(e.name);
  return {
    PK: enterprisePk(e.uscc),
    SK: PROFILE_SK,
    GSI2PK: namePartition(key),
    GSI2SK: `${key}#${e.uscc}`,
    GSI3PK: districtPartition(e.district),
    GSI3SK: `${e.classification.class}#${key}#${e.uscc}`,
    GSI4PK: classPartition(e.classification.class),
    GSI4SK: `${key}#${e.uscc}`,
    GSI5PK: exportPartition('enterprise'),
    GSI5SK: e.uscc,
  };
}

/** Key attributes of each alias item (none when the name has no place words in front). */
export function aliasKeys(e: Enterprise) {
  return nameAliases(e.name).map((alias, i) => ({
    PK: enterprisePk(e.uscc),
    SK: aliasSk(i + 1),
    GSI2PK: namePartition(alias),
    GSI2SK: `${alias}#${e.uscc}`,
  }));
}

export const EXPIRY_PK = 'EXPIRY';
export const exportPartition = (entity: 'enterprise' | 'record' | 'listing') => `EXPORT#${entity}`;

export function recordKeys(r: CreditRecord) {
  const published = r.status === 'published';
  return {
    PK: enterprisePk(r.uscc),
    SK: recordSk(r.id),
    GSI1PK: idKey(r.id),
    GSI1SK: 'record',
    // Sparse: only a published record is due to expire, and only it is exported.
    ...(published
      ? {
          GSI2PK: EXPIRY_PK,
          GSI2SK: `${r.publicationEnd}#record#${r.id}`,
          GSI5PK: exportPartition('record'),
          GSI5SK: `${r.uscc}#${r.id}`,
        }
      : {}),
  };
}

export function listingKeys(l: Listing) {
  const active = l.status === 'active';
  return {
    PK: enterprisePk(l.uscc),
    SK: listingSk(l.id),
    GSI1PK: idKey(l.id),
    GSI1SK: 'listing',
    GSI3PK: listPartition(l.listType),
    GSI3SK: active ? `${ACTIVE_LISTING_PREFIX}${l.startDate}#${l.id}` : `E#${l.endedOn ?? l.endDate}#${l.id}`,
    ...(active
      ? { GSI2PK: EXPIRY_PK, GSI2SK: `${l.endDate}#listing#${l.id}`, GSI5PK: exportPartition('listing'), GSI5SK: `${l.uscc}#${l.id}` }
      : {}),
  };
}
