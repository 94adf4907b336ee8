/**
 * DynamoDB requests per public route, counted by SDK middleware over the demo register: the cost
 * model of the public function (a CDN miss costs exactly this). The baseline is the floor of one
 * request; profile, list page and feed page must stay at it (issue 8), and the HTTP tests pin the
 * same figures. Exports are counted for a whole file: one Query per page of the export index.
 *
 *   npm run bench -- requests
 */
import { createPublicApp } from '../functions/public/app.ts';
import { runStats } from '../functions/jobs/stats.ts';
import { readEnterpriseFile } from '../shared/store/reads.ts';
import { startPublicStack } from './public-stack.ts';
import type { Section, SectionResult } from './run.ts';

/** Routes whose answer must cost one DynamoDB request. */
const MUST_BE_ONE = new Set(['profile', 'list page', 'feed page']);

export const requests: Section = {
  name: 'requests',
  async run(): Promise<SectionResult> {
    const stack = await startPublicStack('requests');
    try {
      await runStats(stack.db);
      const sent: string[] = [];
      stack.db.client.middlewareStack.add(
        (next, context) => async (args) => {
          sent.push(String(context.commandName).replace(/Command$/, ''));
          return next(args);
        },
        { step: 'initialize', name: 'countRequests' },
      );
      const app = createPublicApp({ db: stack.db, openData: { tagAuthority: 'bench.example' } });
      const withRecords = await (async () => {
        for (const uscc of stack.usccs) {
          const file = await readEnterpriseFile(stack.db, uscc);
          if (file.records.length > 0) return { uscc, record: file.records[0]!.id };
        }
        throw new Error('the demo register has no record');
      })();
      const routes: [string, string][] = [
        ['profile', `/v1/enterprises/${withRecords.uscc}`],
        ['search by name prefix', '/v1/enterprises?name=%E6%9D%AD%E5%B7%9E'],
        ['search by district and class', '/v1/enterprises?district=330106&class=B'],
        ['list page', '/v1/lists/punishment'],
        ['record', `/v1/records/${withRecords.record}`],
        ['feed page', '/v1/changes?after=0'],
        ['Atom feed', '/v1/feeds/all.atom'],
        ['catalogue', '/v1/catalog'],
        ['export records.csv (whole file)', '/v1/exports/records.csv'],
        ['page: profile', `/enterprises/${withRecords.uscc}`],
        ['page: list', '/lists/punishment'],
        ['page: statistics', '/stats'],
      ];
      const rows: (string | number)[][] = [];
      const data: Record<string, { requests: number; commands: string[] }> = {};
      const over: string[] = [];
      for (const [name, path] of routes) {
        sent.length = 0;
        const res = await app.request(path);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        const commands = [...sent];
        data[name] = { requests: commands.length, commands };
        if (MUST_BE_ONE.has(name) && commands.length !== 1) over.push(name);
        rows.push([name, commands.length, [...new Set(commands)].join(', '), `${commands.length.toFixed(2)}${MUST_BE_ONE.has(name) ? ' (must be 1)' : ''}`]);
      }
      return {
        title: 'DynamoDB requests per public route (demo register, counted at the SDK)',
        columns: ['route', 'requests', 'commands', '× one request'],
        rows,
        notes: [over.length === 0 ? 'Profile, list page and feed page: one request each — target met.' : `NOT met: ${over.join(', ')} take more than one request.`],
        data,
      };
    } finally {
      await stack.stop();
    }
  },
};
