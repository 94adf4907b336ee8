/**
 * The pages' language: zh-CN by default; English with `?lang=en`, or when Accept-Language prefers
 * English over Chinese. Strings come only from the message files.
 */
import { en } from './messages/en.ts';
import { zhCN, type MessageKey } from './messages/zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** The q-value the header gives a language family (`en`, `zh`), 0 when absent. */
function quality(header: string, family: string): number {
  let best = 0;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    if (tag !== family && !tag?.startsWith(`${family}-`)) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    if (Number.isFinite(value)) best = Math.max(best, value);
  }
  return best;
}

/**
 * @example pickLang('en', undefined) // 'en'
 * @example pickLang(undefined, 'en-GB,en;q=0.9,zh;q=0.5') // 'en'
 */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en') return 'en';
  if (query === 'zh-CN' || query === 'zh') return 'zh-CN';
  if (!acceptLanguage) return 'zh-CN';
  return quality(acceptLanguage, 'en') > quality(acceptLanguage, 'zh') ? 'en' : 'zh-CN';
}

export type Translate = (key: MessageKey, vars?: Record<string, string>) => string;

export function translator(lang: Lang): Translate {
  const messages = MESSAGES[lang];
  return (key, vars = {}) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
