/**
 * 统一社会信用代码 — GB 32100-2015, as summarised in DOMAIN.md §1.
 * The check character is recomputed here from the published formula, independently of the module.
 */
import { describe, expect, it } from 'vitest';
import { checkUscc, expectedCheckCharacter, normaliseUscc, withCheckCharacter } from '../../../shared/rules/uscc.ts';

/** GB 32100-2015 §4: the 31 code characters, valued 0–30 in this order. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Letters the standard leaves out because they read like digits or each other. */
const EXCLUDED_LETTERS = 'IOSVZ';
const DIGITS = '0123456789';

const KNOWN_GOOD = ['91330100799655058B', '91330000733796106P', '9144030071526726XG', '91110000600037341L', '91350100M000100Y43'];
const PILOT_CODE = '91350100M0001TGQXM';

/** GB 32100-2015 §5 written from DOMAIN.md: Wi = 3^(i-1) mod 31, C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0. */
function referenceCheckCharacter(body17: string): string {
  let sum = 0;
  let weight = 1;
  for (const ch of body17) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`bad test data: ${ch}`);
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  const check = 31 - (sum % 31);
  return ALPHABET.charAt(check === 31 ? 0 : check);
}

/** Small seeded PRNG (mulberry32) so the property loops are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBody(next: () => number): string {
  const pick = (chars: string) => chars.charAt(Math.floor(next() * chars.length));
  let body = '';
  for (let i = 1; i <= 17; i++) body += i >= 3 && i <= 8 ? pick(DIGITS) : pick(ALPHABET);
  return body;
}

const replaceAt = (s: string, index: number, ch: string) => s.slice(0, index) + ch + s.slice(index + 1);

describe('normaliseUscc', () => {
  it('folds full-width digits and letters to half-width (users paste ９１３３… from IMEs)', () => {
    expect(normaliseUscc('９１３３０１００７９９６５５０５８Ｂ')).toBe('91330100799655058B');
  });

  it('folds full-width lower-case letters and upper-cases them', () => {
    expect(normaliseUscc('９１３３０１００７９９６５５０５８ｂ')).toBe('91330100799655058B');
  });

  it('upper-cases half-width lower-case letters', () => {
    expect(normaliseUscc('9144030071526726xg')).toBe('9144030071526726XG');
  });

  it('removes spaces and hyphens inside the code (as printed on licences and PDFs)', () => {
    expect(normaliseUscc('9133 0100 7996 5505 8B')).toBe('91330100799655058B');
    expect(normaliseUscc('91-330100-799655058-B')).toBe('91330100799655058B');
    expect(normaliseUscc('91\u2010330100\u2011799655058\u2013B\u2014')).toBe('91330100799655058B');
    expect(normaliseUscc('９１－３３０１００７９９６５５０５８Ｂ')).toBe('91330100799655058B');
  });

  it('trims leading and trailing white space, including tabs, newlines and the ideographic space', () => {
    expect(normaliseUscc('  91330100799655058B\t\n')).toBe('91330100799655058B');
    expect(normaliseUscc('\u300091330100799655058B\u3000')).toBe('91330100799655058B');
    expect(normaliseUscc('9133\u30000100799655058B')).toBe('91330100799655058B');
  });

  it('combines every fold at once, as in its documented example', () => {
    expect(normaliseUscc(' ９１３３０１００７９９６５５０５８ｂ ')).toBe('91330100799655058B');
  });

  it('leaves an already normal code unchanged and is idempotent', () => {
    for (const code of KNOWN_GOOD) {
      expect(normaliseUscc(code)).toBe(code);
      expect(normaliseUscc(normaliseUscc(` ${code.toLowerCase()} `))).toBe(code);
    }
  });
});

describe('expectedCheckCharacter', () => {
  it.each(KNOWN_GOOD)('gives the printed check character of the known-good code %s', (code) => {
    expect(expectedCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17));
  });

  it("reproduces the standard's worked example 91350100M000100Y4 → 3", () => {
    expect(expectedCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('maps a remainder of 0 to the check character 0 (31 → 0), never to an out-of-range character', () => {
    // All zeros: Σ = 0, 31 − 0 = 31, which the standard writes as 0.
    expect(expectedCheckCharacter('00000000000000000')).toBe('0');
  });

  it('throws a RangeError for a character outside the alphabet', () => {
    expect(() => expectedCheckCharacter('9133010079965505I')).toThrow(RangeError);
    expect(() => expectedCheckCharacter('9133010079965505I')).toThrow(/position 17/);
    expect(() => expectedCheckCharacter('o1330100799655058')).toThrow(/position 1\b/);
  });

  it('refuses a body shorter than 17 characters instead of treating missing positions as 0', () => {
    expect(() => expectedCheckCharacter('9133010079965505')).toThrow(RangeError);
  });

  it('refuses a body longer than 17 characters instead of ignoring the extra ones', () => {
    expect(() => expectedCheckCharacter('91330100799655058B')).toThrow(RangeError);
  });
});

describe('checkUscc', () => {
  it.each(KNOWN_GOOD)('accepts the known-good code %s with a valid check character', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, uscc: code, checkDigitValid: true });
  });

  it('accepts the pilot code 91350100M0001TGQXM as well-formed but reports its failing check character (DOMAIN.md §1)', () => {
    // Arrange
    const expected = referenceCheckCharacter(PILOT_CODE.slice(0, 17));

    // Act
    const result = checkUscc(PILOT_CODE);

    // Assert
    expect(expected).not.toBe('M');
    expect(result).toEqual({ ok: true, uscc: PILOT_CODE, checkDigitValid: false, expected });
  });

  it('reports the check character a mistyped code should have had', () => {
    const result = checkUscc('91330100799655058C');
    expect(result).toEqual({ ok: true, uscc: '91330100799655058C', checkDigitValid: false, expected: 'B' });
  });

  it('accepts full-width, lower-case and spaced input and returns the normalised code', () => {
    expect(checkUscc('９１３３０１００７９９６５５０５８Ｂ')).toEqual({ ok: true, uscc: '91330100799655058B', checkDigitValid: true });
    expect(checkUscc('  9144030071526726xg ')).toEqual({ ok: true, uscc: '9144030071526726XG', checkDigitValid: true });
    expect(checkUscc('\u30009133-0100 7996 5505 8b\u3000')).toEqual({ ok: true, uscc: '91330100799655058B', checkDigitValid: true });
  });

  describe('malformed codes are refused', () => {
    it.each([
      ['17 characters', '9133010079965505B'],
      ['19 characters', '91330100799655058BB'],
      ['empty input', ''],
      ['only white space', ' \u3000 '],
    ])('refuses %s with reason "length"', (_label, input) => {
      const result = checkUscc(input);
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ reason: 'length', uscc: normaliseUscc(input) });
    });

    it.each(EXCLUDED_LETTERS.split(''))('refuses the excluded letter %s with reason "characters"', (letter) => {
      const input = replaceAt('91330100799655058B', 9, letter);
      expect(checkUscc(input)).toEqual({ ok: false, uscc: input, reason: 'characters' });
      // The excluded letters are refused as the check character too.
      expect(checkUscc(replaceAt('91330100799655058B', 17, letter))).toMatchObject({ ok: false, reason: 'characters' });
    });

    it.each([3, 4, 5, 6, 7, 8])('refuses a letter in position %i (positions 3–8 are digits only)', (position) => {
      const input = replaceAt('91330100799655058B', position - 1, 'A');
      expect(checkUscc(input)).toEqual({ ok: false, uscc: input, reason: 'characters' });
    });

    it('refuses punctuation and Chinese characters of the right length', () => {
      expect(checkUscc('9133010079965505*B')).toMatchObject({ ok: false, reason: 'characters' });
      expect(checkUscc('9133010079965505杭B')).toMatchObject({ ok: false, reason: 'characters' });
    });

    it('returns the normalised form of a malformed input', () => {
      expect(checkUscc(' ９１３３０１００７９９６５５０５８ｂｂ ')).toEqual({ ok: false, uscc: '91330100799655058BB', reason: 'length' });
    });
  });

  describe('positions 3–8 are the region at registration, never checked against current districts', () => {
    it.each([
      ['330103', 'abolished 下城区'],
      ['330104', 'abolished 江干区'],
      ['330100', 'the city'],
      ['330000', 'the province'],
      ['440300', 'outside Zhejiang (Shenzhen)'],
      ['000000', 'all zeros'],
    ])('accepts region %s (%s)', (region) => {
      const code = withCheckCharacter(`91${region}799655058`);
      expect(checkUscc(code)).toEqual({ ok: true, uscc: code, checkDigitValid: true });
    });
  });
});

describe('withCheckCharacter', () => {
  it('appends the check character computed by the published formula', () => {
    expect(withCheckCharacter('91330100799655058')).toBe('91330100799655058B');
    expect(withCheckCharacter('91350100M000100Y4')).toBe('91350100M000100Y43');
  });

  describe('property: random bodies (seeded) built from the alphabet', () => {
    const next = prng(0x32100);
    const bodies = Array.from({ length: 300 }, () => randomBody(next));
    const candidates = ALPHABET + EXCLUDED_LETTERS;

    it('always yields a code that passes checkUscc with a valid check character', () => {
      for (const body of bodies) {
        const code = withCheckCharacter(body);
        expect(code).toBe(body + referenceCheckCharacter(body));
        expect(checkUscc(code)).toEqual({ ok: true, uscc: code, checkDigitValid: true });
      }
    });

    it('detects every single-character substitution: the result is malformed or fails the check', () => {
      // Why this holds: 31 is prime and every weight 3^(i-1) mod 31 is non-zero, so changing one
      // value by d (0 < |d| < 31) changes the sum by d·Wi ≢ 0 (mod 31). Verified exhaustively here.
      // Failures are collected and asserted once: ~190 000 `expect` calls would take seconds.
      let wellFormedSubstitutions = 0;
      let malformedSubstitutions = 0;
      const undetected: string[] = [];
      const wrongReason: string[] = [];
      const wrongExpected: string[] = [];
      for (const body of bodies) {
        const code = withCheckCharacter(body);
        for (let index = 0; index < 18; index++) {
          for (const ch of candidates) {
            if (ch === code.charAt(index)) continue;
            const mutated = replaceAt(code, index, ch);
            const result = checkUscc(mutated);
            if (!result.ok) {
              malformedSubstitutions++;
              if (result.reason !== 'characters') wrongReason.push(mutated);
            } else if (result.checkDigitValid) {
              undetected.push(`${code} → ${mutated}`);
            } else {
              wellFormedSubstitutions++;
              // The check character demanded is that of the (possibly changed) body; for a changed
              // check character it is the original one.
              const want = index === 17 ? code.charAt(17) : referenceCheckCharacter(mutated.slice(0, 17));
              if (result.expected !== want) wrongExpected.push(mutated);
            }
          }
        }
      }
      expect(undetected).toEqual([]);
      expect(wrongReason).toEqual([]);
      expect(wrongExpected).toEqual([]);
      // Both branches were exercised, so the loop cannot pass vacuously.
      expect(wellFormedSubstitutions).toBeGreaterThan(100_000);
      expect(malformedSubstitutions).toBeGreaterThan(10_000);
    });

    it('detects every swap of two different adjacent characters in positions 1–17 that stays well-formed', () => {
      // Swapping values a, b at positions i, i+1 changes the sum by (a − b)(Wi − Wi+1) = −2(a − b)·Wi ≢ 0 (mod 31).
      let swaps = 0;
      const undetected: string[] = [];
      for (const body of bodies) {
        const code = withCheckCharacter(body);
        for (let index = 0; index < 16; index++) {
          const a = code.charAt(index);
          const b = code.charAt(index + 1);
          if (a === b) continue;
          const swapped = code.slice(0, index) + b + a + code.slice(index + 2);
          const result = checkUscc(swapped);
          if (!result.ok) continue;
          swaps++;
          if (result.checkDigitValid) undetected.push(`${code} → ${swapped}`);
        }
      }
      expect(undetected).toEqual([]);
      expect(swaps).toBeGreaterThan(1000);
    });
  });
});
