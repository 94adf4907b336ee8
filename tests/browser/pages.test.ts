/**
 * The web pages in a real browser: Debian's Chromium driven by playwright-core, one launch for the
 * file, against the public app served in this process on a fresh, seeded DynamoDB Local table.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app.ts';
import { en } from '../../functions/public/pages/messages/en.ts';
import { zhCN } from '../../functions/public/pages/messages/zh-CN.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { registerEnterprise } from '../../shared/store/publishing.ts';
import { freshDb } from '../support/db.ts';
import { actor, E, seedFixtures } from '../support/fixtures.ts';
import { runStats } from '../../functions/jobs/stats.ts';

/** Flags that work here as root (TOOLCHAIN.md gotcha 8). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let server: ServerType;
let browser: Browser;
let page: Page;
let origin: string;

beforeAll(async () => {
  const db = await freshDb();
  await seedFixtures(db);
  // More enterprises in one district than a page holds, so the cursor link appears.
  for (let i = 0; i < 22; i++) {
    await registerEnterprise(db, { uscc: withCheckCharacter(`91330127MA28${String(i).padStart(5, '0')}`), checkDigitValid: true, name: `淳安分页示例${String(i).padStart(2, '0')}有限公司`, district: '330127' }, { actor });
  }
  await runStats(db);
  const app = createPublicApp({ db });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 375, height: 800 }, locale: 'zh-CN', javaScriptEnabled: false });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe('the web pages in Chromium', () => {
  it('takes a full-width USCC typed in the search box to the profile', async () => {
    await page.goto(`${origin}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByLabel(zhCN.searchQuery).fill('９１３３ ０１００ ７９９６ ５５０５ ８ｂ');
    await page.getByRole('button', { name: zhCN.searchSubmit }).click();
    await page.waitForURL(`${origin}/enterprises/${E.dishonest}`);
    expect(await page.locator('h1').textContent()).toBe('杭州西湖示例食品有限公司');
    expect(await page.locator('.badge').first().textContent()).toContain('C');
  });

  it('finds by name, filters by district and class, and pages with the cursor link', async () => {
    await page.goto(`${origin}/`);
    await page.getByLabel(zhCN.searchQuery).fill('杭州萧山');
    await page.getByRole('button', { name: zhCN.searchSubmit }).click();
    await expect(page.locator('ul.results li').allTextContents()).resolves.toEqual([expect.stringContaining('杭州萧山示例机械有限公司')]);

    await page.getByLabel(zhCN.searchQuery).fill('');
    await page.getByLabel(zhCN.searchDistrict).selectOption('330127');
    await page.getByLabel(zhCN.searchClass).selectOption('B');
    await page.getByRole('button', { name: zhCN.searchSubmit }).click();
    const first = await page.locator('ul.results li a').allTextContents();
    expect(first.length).toBeGreaterThan(0);
    await page.getByRole('link', { name: zhCN.nextPage }).click();
    const second = await page.locator('ul.results li a').allTextContents();
    expect(second.length).toBeGreaterThan(0);
    expect(new Set([...first, ...second]).size).toBe(first.length + second.length);
    expect(await page.getByLabel(zhCN.searchDistrict).inputValue()).toBe('330127');
  });

  it('switches to English and stays in English when following links', async () => {
    await page.goto(`${origin}/enterprises/${E.seriouslyDishonest}`);
    await page.getByRole('link', { name: zhCN.switchLanguage }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toContain(en.siteName);
    await expect(page.getByRole('heading', { name: en.profileListings }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: en.navPunishment }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe(en.listPunishment);
    await expect(page.getByRole('link', { name: '杭州萧山示例机械有限公司' }).count()).resolves.toBe(1);
  });

  it('shows the helpful not-found page with 404 for an unknown code', async () => {
    const unknown = withCheckCharacter('91330100MA2700001');
    const res = await page.goto(`${origin}/enterprises/${unknown}`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe(zhCN.notFoundTitle);
    expect(await page.locator('main').textContent()).toContain(unknown);
    await expect(page.getByLabel(zhCN.searchQuery).count()).resolves.toBe(1);
  });

  it('shows the statistics as charts with their numbers, reached from the navigation', async () => {
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: zhCN.navStats }).click();
    expect(await page.locator('h1').textContent()).toBe(zhCN.statsTitle);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
    // The district table: 淳安县 holds the 22 paging examples, all class B.
    const chunan = page.locator('tr', { has: page.locator('th', { hasText: '淳安县' }) });
    expect(await chunan.locator('td').last().textContent()).toBe('22');
  });
});
