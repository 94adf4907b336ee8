/** The frame every page shares: landmarks, language switch, one inline stylesheet (hashed in the CSP). */
import { createHash } from 'node:crypto';
import type { Child } from 'hono/jsx';
import type { Lang, Translate } from './i18n.ts';

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#fff}
a{color:#0b57a4}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
header{background:#0b3d6e;color:#fff;padding:12px 16px}header a{color:#fff}.brand{font-weight:700;font-size:1.1rem;text-decoration:none}
nav ul{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
main{max-width:60rem;margin:0 auto;padding:16px}footer{border-top:1px solid #ccc;padding:16px;font-size:.9rem;color:#444;max-width:60rem;margin:0 auto}
h1{font-size:1.5rem;line-height:1.3}h2{font-size:1.2rem;margin-top:1.6em}
form.search{display:grid;gap:8px;grid-template-columns:1fr}label{font-weight:600;display:block}
input,select,button{font:inherit;padding:8px;border:1px solid #555;border-radius:4px;width:100%;max-width:100%}
button{background:#0b57a4;color:#fff;border-color:#0b57a4;cursor:pointer}
@media(min-width:700px){form.search{grid-template-columns:2fr 1fr 1fr auto;align-items:end}button{width:auto}}
ul.results,ul.entries{list-style:none;padding:0}ul.results>li,ul.entries>li{border-bottom:1px solid #ddd;padding:10px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85rem;font-weight:600;border:1px solid}
.c-A{background:#e6f4ea;color:#0d5322;border-color:#0d5322}.c-B{background:#eef2f7;color:#1f3b5a;border-color:#1f3b5a}
.c-C{background:#fff4e0;color:#7a4100;border-color:#7a4100}.c-D{background:#fde8e8;color:#8a1010;border-color:#8a1010}
.error{border-left:4px solid #8a1010;background:#fde8e8;padding:8px 12px}.muted{color:#444}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:4px 12px}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media(max-width:480px){dl{grid-template-columns:1fr}dd{margin-bottom:6px}}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}
figure{margin:8px 0;overflow-x:auto}svg text{font-size:12px}
code{overflow-wrap:anywhere}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3;padding:8px}.asof{display:flex;flex-wrap:wrap;gap:8px;align-items:end}.asof input{width:auto}.asof button{width:auto}`;

/** The Content-Security-Policy of every page: nothing but this one stylesheet and same-origin forms. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** An internal link in the page's language (English is carried in the URL; zh-CN is the default). */
export function href(path: string, lang: Lang, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v);
  if (lang === 'en') search.set('lang', 'en');
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

export function Layout(props: { lang: Lang; t: Translate; title: string; path: string; query?: Record<string, string | undefined>; children?: Child }) {
  const { lang, t } = props;
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  const switchHref = `${props.path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(props.query ?? {}).filter((e): e is [string, string] => !!e[1])), lang: other }).toString()}`;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t('siteName')}`}</title>
        {/* A constant, never data: kept unescaped so its bytes match the CSP hash. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header>
          <a class="brand" href={href('/', lang)}>
            {t('siteName')}
          </a>
          <nav aria-label={t('siteName')}>
            <ul>
              <li><a href={href('/', lang)}>{t('navSearch')}</a></li>
              <li><a href={href('/lists/punishment', lang)}>{t('navPunishment')}</a></li>
              <li><a href={href('/lists/incentive', lang)}>{t('navIncentive')}</a></li>
              <li><a href={href('/open-data', lang)}>{t('navOpenData')}</a></li>
              <li><a href={href('/stats', lang)}>{t('navStats')}</a></li>
              <li><a href={switchHref} lang={other} hreflang={other}>{t('switchLanguage')}</a></li>
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          <p>{t('footerLicence')}</p>
          <p><a href="/docs">{t('footerApi')}</a></p>
        </footer>
      </body>
    </html>
  );
}
