/**
 * `npm run screenshots`: the web pages as people see them. Starts a throwaway in-memory DynamoDB
 * Local with the demo data, serves the public app in this process, and writes PNGs of the search
 * page, a profile, a list, the open-data and the statistics pages at 375 px and 1280 px, in zh-CN and English, to
 * screenshots/ (git-ignored). Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM=path).
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { createPublicApp } from '../../functions/public/app.ts';
import { shanghaiDate } from '../../shared/rules/calendar.ts';
import { createDb } from '../../shared/store/db.ts';
import { listActiveListings } from '../../shared/store/reads.ts';
import { ensureTable } from '../local/bootstrap.ts';
import { loadDemoData } from '../local/demo-data.ts';
import { runStats } from '../../functions/jobs/stats.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const OUT = resolve('screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const tmpDir = resolve('.tmp', `screenshots-${process.pid}`);
  mkdirSync(OUT, { recursive: true });
  const dynamo = await startDynamoDbLocal({ tmpDir });
  let server: ServerType | undefined;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const db = createDb({ tableName: 'screenshots', endpoint: dynamo.endpoint });
    await ensureTable(db);
    await loadDemoData(db, { today: shanghaiDate() });
    await runStats(db);
    // A profile worth looking at: the first enterprise on the punishment list.
    const listed = await listActiveListings(db, 'punishment', { limit: 1 });
    const uscc = listed.items[0]?.uscc;
    if (!uscc) throw new Error('the demo data has no punishment-list entry');

    const app = createPublicApp({ db, openData: { tagAuthority: 'screenshots.example', registerBegan: '2021-09-15' } });
    server = await new Promise<ServerType>((done) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pages = { search: '/?q=%E6%9D%AD%E5%B7%9E', profile: `/enterprises/${uscc}`, list: '/lists/punishment', 'open-data': '/open-data', stats: '/stats' };
    const written: string[] = [];
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const width of [375, 1280]) {
        const page = await browser.newPage({ viewport: { width, height: 900 }, locale: lang, javaScriptEnabled: false });
        for (const [name, path] of Object.entries(pages)) {
          await page.goto(`${origin}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          const file = join(OUT, `${name}-${lang}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(file);
        }
        await page.close();
      }
    }
    console.log(`Wrote ${written.length} screenshots:\n${written.join('\n')}`);
  } finally {
    await browser.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    await dynamo.stop();
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
