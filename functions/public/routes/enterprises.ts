import { createRoute, z } from '@hono/zod-openapi';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cachePublic } from '../../../shared/http/caching.ts';
import { cursorParam, limitParam, nextLink } from '../../../shared/http/paging.ts';
import { profileAsOf } from '../../../shared/public/as-of.ts';
import { toPublicEnterprise, toPublicProfile } from '../../../shared/public/projection.ts';
import { EnterpriseSummarySchema, pageOf, ProfileSchema } from '../../../shared/public/schemas.ts';
import { CREDIT_CLASS_CODES } from '../../../shared/rules/classification.ts';
import { DISTRICT_CODES } from '../../../shared/rules/districts.ts';
import { checkUscc } from '../../../shared/rules/uscc.ts';
import { readEnterpriseFile, searchEnterprises } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import { asOfParam, type AsOfBounds } from '../open-data.ts';
import { problemResponses } from './problems.ts';

/** A USCC from a URL, normalised; malformed → 400, wrong check character → a warning. */
function parseUsccParam(value: string) {
  const check = checkUscc(value);
  if (!check.ok) {
    const why = check.reason === 'length' ? 'must be 18 characters' : 'may hold only 0-9 and A-Z without I, O, S, V, Z, with digits in positions 3–8';
    throw new Problem('uscc.malformed', `“${check.uscc}” is not a unified social credit code: it ${why} (GB 32100-2015).`, {
      errors: [{ in: 'path', field: 'uscc', code: check.reason, detail: why }],
    });
  }
  const warnings = check.checkDigitValid
    ? []
    : [
        {
          code: 'uscc.check-digit',
          zh: `校验位不符（按 GB 32100-2015 应为 ${check.expected}），部分早期试点代码属此情况`,
          en: `The check character does not match (GB 32100-2015 expects ${check.expected}); some early pilot codes are like this.`,
        },
      ];
  return { uscc: check.uscc, warnings };
}

const profileRoute = createRoute({
  method: 'get',
  path: '/v1/enterprises/{uscc}',
  tags: ['Enterprises'],
  summary: 'An enterprise’s public credit profile',
  description:
    'Class with reasons, current list entries and published records. The code may be typed in any spelling (spaces, lower case, full-width). Answered with one DynamoDB request. ' +
    'With `asOf`, the profile as it stood on that day — records and entries then public, and the class they gave — from the stored history.',
  request: {
    params: z.object({ uscc: z.string().max(64).openapi({ param: { name: 'uscc', in: 'path' }, example: '91330100799655058B' }) }),
    query: z.object({ asOf: asOfParam }),
  },
  responses: {
    200: { description: 'The profile', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses(400, 404),
  },
});

const searchRoute = createRoute({
  method: 'get',
  path: '/v1/enterprises',
  tags: ['Enterprises'],
  summary: 'Find enterprises by name prefix, district and class',
  description: 'At least one of `name`, `district`, `class`. The name matches from its start, with or without its place prefix (杭州, 萧山区 …).',
  request: {
    query: z
      .object({
        name: z.string().trim().min(1).max(100).optional().openapi({ example: '杭州' }),
        district: z.enum(DISTRICT_CODES).optional().openapi({ description: 'Current district code (DOMAIN.md §2)' }),
        class: z.enum(CREDIT_CLASS_CODES).optional(),
        limit: limitParam(),
        cursor: cursorParam,
      })
      .refine((q) => q.name !== undefined || q.district !== undefined || q.class !== undefined, {
        message: 'give at least one of name, district, class',
        path: ['name'],
      }),
  },
  responses: {
    200: { description: 'A page of enterprises', content: { 'application/json': { schema: pageOf(EnterpriseSummarySchema, 'EnterprisePage') } } },
    ...problemResponses(400),
  },
});

export function enterpriseRoutes({ db }: PublicDeps, asOfBounds: AsOfBounds) {
  return newApp()
    .openapi(profileRoute, async (c) => {
      const { uscc, warnings } = parseUsccParam(c.req.valid('param').uscc);
      const { asOf } = c.req.valid('query');
      if (asOf !== undefined) await asOfBounds.check(asOf);
      const file = await readEnterpriseFile(db, uscc);
      if (!file.enterprise) throw new Problem('enterprise.not-found', `No enterprise ${uscc} is in the register.`);
      const profile = asOf === undefined ? toPublicProfile(file.enterprise, file.records, file.listings) : profileAsOf(file, asOf);
      if (!profile) throw new Problem('enterprise.not-found', `Enterprise ${uscc} was not in the register on ${asOf}.`);
      cachePublic(c);
      c.header('ETag', `"ent-${uscc}-v${file.enterprise.version}-w${warnings.length}${asOf === undefined ? '' : `-a${asOf}`}"`);
      c.header('Last-Modified', new Date(file.enterprise.updatedAt).toUTCString());
      c.header('Content-Location', `/v1/enterprises/${uscc}${asOf === undefined ? '' : `?asOf=${asOf}`}`);
      return c.json({ ...profile, warnings, ...(asOf === undefined ? {} : { asOf }) }, 200);
    })
    .openapi(searchRoute, async (c) => {
      const q = c.req.valid('query');
      const page = await searchEnterprises(db, q);
      cachePublic(c);
      const next = nextLink(c, { cursor: page.cursor });
      return c.json({ items: page.items.map(toPublicEnterprise), ...(next ? { next } : {}) }, 200);
    });
}
