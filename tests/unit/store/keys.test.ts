/**
 * Key builders (shared/store/keys.ts): name search keys, their partitions and aliases, ledger keys.
 */
import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../../../shared/rules/districts.ts';
import { MAX_SEQ, eventSk, nameAlias, nameAliases, nameKey, namePartition } from '../../../shared/store/keys.ts';

describe('nameKey', () => {
  it('folds full-width Latin letters and digits to half-width (NFKC) and upper-cases them', () => {
    expect(nameKey('杭州ａｂｃ１２３科技有限公司')).toBe('杭州ABC123科技有限公司');
    expect(nameKey('hangzhou abc')).toBe('HANGZHOUABC');
  });

  it('folds full-width brackets so （ and ( compare equal', () => {
    expect(nameKey('某某（杭州）有限公司')).toBe(nameKey('某某(杭州)有限公司'));
    expect(nameKey('某某（杭州）有限公司')).toBe('某某(杭州)有限公司');
  });

  it('removes all white space, including the ideographic space and tabs', () => {
    expect(nameKey(' 杭州 某某\u3000机械\t有限公司 ')).toBe('杭州某某机械有限公司');
  });

  it('is idempotent', () => {
    const once = nameKey(' 杭州ｘｙｚ （集团） 有限公司 ');
    expect(nameKey(once)).toBe(once);
  });
});

describe('namePartition', () => {
  it('is NAME# and the first character', () => {
    expect(namePartition(nameKey('杭州某某机械有限公司'))).toBe('NAME#杭');
    expect(namePartition(nameKey('ａｂｃ公司'))).toBe('NAME#A');
  });

  it('takes a whole code point for an astral-plane first character, never half a surrogate pair', () => {
    // U+20000 𠀀 (CJK Extension B) is two UTF-16 code units.
    const partition = namePartition('𠀀某某有限公司');
    expect(partition).toBe('NAME#𠀀');
    expect(partition.codePointAt('NAME#'.length)).toBe(0x20000);
    expect(partition).toHaveLength('NAME#'.length + 2);
  });

  it('is NAME# for an empty key', () => {
    expect(namePartition('')).toBe('NAME#');
  });
});

describe('nameAlias', () => {
  it.each([
    ['杭州萧山某某机械有限公司', '某某机械有限公司'],
    ['萧山区某某', '某某'],
    ['杭州娃哈哈集团有限公司', '娃哈哈集团有限公司'],
    ['杭州市某某科技有限公司', '某某科技有限公司'],
    ['浙江省杭州市萧山区某某', '某某'],
    ['浙江某某股份有限公司', '某某股份有限公司'],
    ['杭州市临平区某某', '某某'],
  ])('strips the leading place words of %s → %s', (name, alias) => {
    expect(nameAlias(name)).toBe(alias);
  });

  it.each(DISTRICTS.map((d) => [d.zh]))('strips the current district %s, with and without its suffix', (zh) => {
    expect(nameAlias(`${zh}某某有限公司`)).toBe('某某有限公司');
    expect(nameAlias(`${zh.slice(0, -1)}某某有限公司`)).toBe('某某有限公司');
  });

  it('returns the alias in name-key form (NFKC, upper case, no spaces)', () => {
    expect(nameAlias('杭州 ａｂｃ 科技有限公司')).toBe('ABC科技有限公司');
  });

  it('is undefined when there is no place word to strip', () => {
    expect(nameAlias('娃哈哈集团有限公司')).toBeUndefined();
    expect(nameAlias('某某杭州机械有限公司')).toBeUndefined();
  });

  it('is undefined when fewer than 2 characters would remain', () => {
    expect(nameAlias('杭州某')).toBeUndefined();
    expect(nameAlias('杭州')).toBeUndefined();
    expect(nameAlias('萧山区')).toBeUndefined();
  });

  it('never cuts a place word in half to keep 2 characters', () => {
    // Stripping 杭州市 or 萧山区 would leave 1 character, so they must stay; stripping only 杭州 or
    // 萧山 instead leaves a meaningless 市某 or 区某 that no one searches for.
    expect.soft(nameAlias('杭州市某')).toBeUndefined();
    expect.soft(nameAlias('萧山区某')).toBeUndefined();
    // With stacked place words, 杭州市 goes and 萧山区 stays whole.
    expect.soft(nameAlias('杭州市萧山区某')).toBe('萧山区某');
  });
});

describe('eventSk', () => {
  it('zero-pads the sequence number to 12 digits', () => {
    expect(eventSk(1)).toBe('EVT#000000000001');
    expect(eventSk(42)).toBe('EVT#000000000042');
    expect(eventSk(MAX_SEQ)).toBe('EVT#999999999999');
    expect(MAX_SEQ).toBe(999_999_999_999);
  });

  it('sorts as strings in the same order as the numbers (so a Query returns events in order)', () => {
    const seqs = [1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 123_456, 10_000_000, MAX_SEQ];
    const shuffled = [...seqs].reverse().map(eventSk);
    const sortedAsStrings = [...shuffled].sort();
    expect(sortedAsStrings).toEqual(seqs.map(eventSk));
  });
});

describe('nameAliases', () => {
  it('indexes the name without its city words and without its district words too', () => {
    expect(nameAliases('杭州西湖龙井茶业有限公司')).toEqual(['西湖龙井茶业有限公司', '龙井茶业有限公司']);
    expect(nameAliases('浙江省杭州市萧山区某某机械有限公司')).toEqual(['萧山区某某机械有限公司', '某某机械有限公司']);
  });

  it('gives one alias when only one kind of place word leads, none when none does', () => {
    expect(nameAliases('萧山区某某小吃店')).toEqual(['某某小吃店']);
    expect(nameAliases('杭州娃哈哈集团有限公司')).toEqual(['娃哈哈集团有限公司']);
    expect(nameAliases('某某有限公司')).toEqual([]);
  });
});
