/**
 * The web pages through `app.request()` against a real DynamoDB Local table: status codes,
 * language, titles, security headers, escaping, and that no personal data reaches a page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app.ts';
import { pickLang } from '../../functions/public/pages/i18n.ts';
import { en } from '../../functions/public/pages/messages/en.ts';
import { zhCN } from '../../functions/public/pages/messages/zh-CN.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { registerEnterprise } from '../../shared/store/publishing.ts';
import { freshDb } from '../support/db.ts';
import { actor, E, SECRETS, seedFixtures } from '../support/fixtures.ts';

let app: ReturnType<typeof createPublicApp>;
const HOSTILE = withCheckCharacter('91330106MA27U0000');
const HOSTILE_NAME = '<script>alert("x")</script>杭州恶意名称有限公司';

beforeAll(async () => {
  const db = await freshDb();
  await seedFixtures(db);
  await registerEnterprise(db, { uscc: HOSTILE, checkDigitValid: true, name: HOSTILE_NAME, district: '330106' }, { actor });
  app = createPublicApp({ db });
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe('the web pages', () => {
  it.each(['/', '/?q=杭州', '/?district=330108', '/?class=D', `/enterprises/${E.dishonest}`, '/lists/punishment', '/lists/incentive', '/open-data'])(
    '%s is a zh-CN page with a title, a strict CSP and the security headers',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      for (const directive of ["default-src 'none'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'", "img-src 'self' data:"]) expect(csp).toContain(directive);
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain('script-src');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('Vary')).toContain('Accept-Language');
      expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/);
      const html = await res.text();
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('<html lang="zh-CN">');
      expect(titleOf(html)).toContain(zhCN.siteName);
      expect(html).not.toContain('<script');
      for (const landmark of ['<header', '<nav', '<main', '<footer']) expect(html).toContain(landmark);
    },
  );

  it('answers in English with ?lang=en or when Accept-Language prefers English', async () => {
    for (const res of [await get('/open-data?lang=en'), await get('/open-data', { 'Accept-Language': 'en-GB,en;q=0.9,zh-CN;q=0.8' })]) {
      const html = await res.text();
      expect(html).toContain('<html lang="en">');
      expect(titleOf(html)).toBe(`${en.openDataTitle} — ${en.siteName}`);
    }
    expect(await (await get('/open-data', { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' })).text()).toContain('<html lang="zh-CN">');
  });

  it('picks the language the header prefers', () => {
    expect(pickLang(undefined, undefined)).toBe('zh-CN');
    expect(pickLang(undefined, 'en')).toBe('en');
    expect(pickLang(undefined, 'zh;q=0.9,en;q=0.5')).toBe('zh-CN');
    expect(pickLang(undefined, 'fr,en;q=0.4,zh;q=0.3')).toBe('en');
    expect(pickLang('zh-CN', 'en')).toBe('zh-CN');
  });

  it('has the same message keys in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const messages of [en, zhCN]) for (const value of Object.values(messages)) expect(value.trim()).not.toBe('');
  });

  it('sends a USCC typed full-width, spaced or lower case straight to its profile (303)', async () => {
    for (const typed of ['９１３３０１００７９９６５５０５８Ｂ', '9133 0100 7996 5505 8b']) {
      const res = await get(`/?q=${encodeURIComponent(typed)}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe(`/enterprises/${E.dishonest}`);
    }
    const english = await get(`/?lang=en&q=${encodeURIComponent('９１３３０１００７９９６５５０５８Ｂ')}`);
    expect(english.headers.get('Location')).toBe(`/enterprises/${E.dishonest}?lang=en`);
  });

  it('answers a malformed USCC with the search page, a friendly error and 400', async () => {
    const res = await get('/?q=91330100ABC');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('91330100ABC');
    expect(html).toContain('<form class="search"');
  });

  it('finds by name prefix, district and class, with class badges', async () => {
    const byName = await (await get(`/?q=${encodeURIComponent('杭州滨江')}`)).text();
    expect(byName).toContain('杭州滨江示例电子科技有限公司');
    expect(byName).toContain('badge c-A');
    const byDistrictAndClass = await (await get('/?district=330109&class=D')).text();
    expect(byDistrictAndClass).toContain('杭州萧山示例机械有限公司');
    expect(byDistrictAndClass).not.toContain('杭州滨江示例电子科技有限公司');
    const none = await (await get(`/?q=${encodeURIComponent('不存在的名字')}`)).text();
    expect(none).toContain(zhCN.resultsEmpty);
  });

  it('shows a profile with its class reasons, list entries and records with their end dates', async () => {
    const html = await (await get(`/enterprises/${E.seriouslyDishonest}`)).text();
    expect(html).toContain('杭州萧山示例机械有限公司');
    expect(html).toContain('badge c-D');
    expect(html).toContain(zhCN.fieldGrounds);
    expect(html).toContain(zhCN.fieldPublicationEnd);
    expect(html).toContain(`href="/v1/enterprises/${E.seriouslyDishonest}"`);
    expect(titleOf(html)).toContain('杭州萧山示例机械有限公司');
  });

  it('answers "as of" a day with the JSON API’s logic, and a bad day with 400', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await get(`/enterprises/${E.dishonest}?asOf=${today}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(today);
    expect((await get(`/enterprises/${E.dishonest}?asOf=1999-01-01`)).status).toBe(400);
    expect((await get(`/enterprises/${E.dishonest}?asOf=2026-02-30`)).status).toBe(400);
  });

  it('escapes a hostile enterprise name everywhere', async () => {
    for (const path of [`/enterprises/${HOSTILE}`, '/?district=330106']) {
      const html = await (await get(path)).text();
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;');
    }
  });

  it('never shows personal or internal data', async () => {
    for (const path of [`/enterprises/${E.dishonest}`, '/?q=杭州西湖', '/?district=330106', '/lists/punishment', '/lists/incentive']) {
      const html = await (await get(path)).text();
      for (const secret of [SECRETS.idNumber, SECRETS.phone, SECRETS.internalNote, SECRETS.riskClassField]) expect(html).not.toContain(secret);
    }
  });

  it('answers an unknown enterprise with a helpful 404 page, and an unknown list with 404', async () => {
    const unknown = withCheckCharacter('91330100MA2700001');
    const res = await get(`/enterprises/${unknown}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain(unknown);
    expect(titleOf(html)).toContain(zhCN.notFoundTitle);
    expect(html).toContain('<form class="search"');
    expect((await get('/lists/elsewhere')).status).toBe(404);
    expect((await get('/enterprises/nonsense')).status).toBe(400);
  });

  it('paginates the lists with cursor links, and refuses a forged cursor with 400', async () => {
    const html = await (await get('/lists/punishment')).text();
    expect(html).toContain('杭州萧山示例机械有限公司');
    expect((await get('/lists/punishment?cursor=forged')).status).toBe(400);
  });
});

describe('the profile timeline', () => {
  it('shows the class and lists over time, as "as of" answers them', async () => {
    const html = await (await get(`/enterprises/${E.seriouslyDishonest}`)).text();
    expect(html).toContain(zhCN.timelineTitle);
    const timeline = html.slice(html.indexOf('id="timeline"'), html.indexOf('id="asof"'));
    expect(timeline).toContain('badge c-D');
    expect(timeline).toContain(zhCN.listPunishment);
  });
});
