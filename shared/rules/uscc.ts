/**
 * 统一社会信用代码 (Unified Social Credit Code, USCC) — GB 32100-2015.
 *
 * 18 characters: registration-department code (1), organisation-type code (1), administrative
 * region of the registering authority (6 digits), organisation code (9, GB 11714-1997) and a check
 * character. The alphabet is 0-9 and A-Z without I, O, S, V, Z.
 */

/** GB 32100-2015 §4: the 31 code characters, valued 0–30 in this order. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5: weight of position i (1-based) is 3^(i-1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Positions 3–8 are digits; every other position uses the 31-character alphabet. */
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * What a user typed, made comparable: trimmed, full-width folded to half-width, inner spaces and
 * hyphens removed, upper-cased. People paste codes from PDFs and IMEs as `９１３３…` or `9133 0100 …`.
 *
 * @example normaliseUscc(' ９１３３０１００７９９６５５０５８ｂ ') // '91330100799655058B'
 */
export function normaliseUscc(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-‐‑–—]/g, '')
    .toUpperCase();
}

/**
 * The check character a 17-character USCC body must end with (GB 32100-2015 §5):
 * C18 = 31 − (Σ Ci·Wi mod 31), where 31 maps to `0`.
 *
 * @example expectedCheckCharacter('91330100799655058') // 'B'
 */
export function expectedCheckCharacter(body17: string): string {
  if (body17.length !== 17) throw new RangeError(`a USCC body has 17 characters, not ${body17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(body17[i] ?? '');
    if (value < 0) throw new RangeError(`not a USCC character at position ${i + 1}`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check] ?? '0';
}

export type UsccCheck =
  | { ok: true; uscc: string; checkDigitValid: true }
  /** Well-formed, but the check character disagrees: some legal pilot-era codes do (DOMAIN.md §1). */
  | { ok: true; uscc: string; checkDigitValid: false; expected: string }
  | { ok: false; uscc: string; reason: 'length' | 'characters' };

/**
 * Normalise and check a USCC. Malformed codes are refused; a wrong check character is reported but
 * not refused, because early pilot codes such as `91350100M0001TGQXM` are valid in law yet fail it.
 * Positions 3–8 are the region *at registration* and are deliberately not checked against today's
 * districts (DOMAIN.md §1).
 */
export function checkUscc(input: string): UsccCheck {
  const uscc = normaliseUscc(input);
  if (uscc.length !== 18) return { ok: false, uscc, reason: 'length' };
  if (!FORMAT.test(uscc)) return { ok: false, uscc, reason: 'characters' };
  const expected = expectedCheckCharacter(uscc.slice(0, 17));
  return expected === uscc[17]
    ? { ok: true, uscc, checkDigitValid: true }
    : { ok: true, uscc, checkDigitValid: false, expected };
}

/** Complete a 17-character body with its check character (for generated demo and test data). */
export function withCheckCharacter(body17: string): string {
  return body17 + expectedCheckCharacter(body17);
}

/** GB 32100-2015 Annex A: the registration department and organisation type (first two characters). */
export const ORGANISATION_TYPES: Readonly<Record<string, { zh: string; en: string }>> = {
  '91': { zh: '企业', en: 'enterprise' },
  '92': { zh: '个体工商户', en: 'individual business' },
  '93': { zh: '农民专业合作社', en: "farmers' cooperative" },
};
