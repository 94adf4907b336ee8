/**
 * OpenAPI schemas of what the public sees. The projection functions' return types are checked
 * against these where routes answer, so the document cannot drift from the data.
 */
import { z } from '@hono/zod-openapi';
import { CREDIT_CLASS_CODES } from '../rules/classification.ts';
import { LIST_TYPE_CODES } from '../rules/listings.ts';
import { PENALTY_TYPE_CODES, RECORD_KIND_CODES, SEVERITY_CODES } from '../rules/records.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ description: 'Calendar day in Asia/Shanghai', example: '2026-03-15' });

export const DistrictSchema = z
  .object({ code: z.string().openapi({ example: '330106' }), name: z.string().openapi({ example: '西湖区' }), nameEn: z.string().openapi({ example: 'Xihu' }) })
  .openapi('District');

export const ClassificationSchema = z
  .object({
    class: z.enum(CREDIT_CLASS_CODES),
    name: z.string().openapi({ example: '基本守信' }),
    nameEn: z.string().openapi({ example: 'Basically trustworthy' }),
    reasons: z.array(
      z.object({
        rule: z.string().openapi({ example: 'C.negative-record' }),
        zh: z.string(),
        en: z.string(),
        refs: z.array(z.object({ type: z.enum(['record', 'listing']), id: z.string() })),
      }),
    ),
    ruleVersion: z.string().openapi({ example: 'hz-quality-class/1' }),
    override: z
      .object({ class: z.enum(CREDIT_CLASS_CODES), reason: z.string(), department: z.string(), decidedOn: date })
      .optional()
      .openapi({ description: 'An official’s override of the computed class, with its public reason.' }),
  })
  .openapi('Classification');

export const EnterpriseSummarySchema = z
  .object({
    uscc: z.string().openapi({ example: '91330100799655058B' }),
    name: z.string().openapi({ example: '杭州示例质量科技有限公司' }),
    district: DistrictSchema,
    legalRepresentative: z.string().optional(),
    registeredAddress: z.string().optional(),
    classification: ClassificationSchema,
  })
  .openapi('EnterpriseSummary');

export const RecordSchema = z
  .object({
    id: z.string(),
    uscc: z.string(),
    kind: z.enum(RECORD_KIND_CODES),
    severity: z.enum(SEVERITY_CODES).nullable().openapi({ description: '轻微 minor / 一般 general / 严重 serious; null for awards' }),
    title: z.string(),
    decisionNumber: z.string().openapi({ description: '决定书文号' }),
    violationType: z.string().optional().openapi({ description: '违法行为类型' }),
    facts: z.string().optional().openapi({ description: '违法事实' }),
    legalBasis: z.string().openapi({ description: '处罚依据' }),
    penaltyTypes: z.array(z.enum(PENALTY_TYPE_CODES)).openapi({ description: '处罚类别' }),
    penaltyContent: z.string().optional().openapi({ description: '处罚内容' }),
    fineWan: z.number().optional().openapi({ description: '罚款金额, in 万元 (10,000 CNY)' }),
    confiscationWan: z.number().optional().openapi({ description: '没收金额, in 万元' }),
    licenceRevoked: z.boolean(),
    restrictionMonths: z.number().optional(),
    decisionDate: date.openapi({ description: '处罚决定日期' }),
    authority: z.object({ name: z.string(), uscc: z.string() }).openapi({ description: '处罚机关' }),
    dataSource: z.string(),
    publishedOn: date,
    publicationEnd: date.openapi({ description: '公示截止期: last day of publication (SAMR Order 45 Art. 13)' }),
  })
  .openapi('CreditRecord');

export const ListingSchema = z
  .object({
    id: z.string(),
    listType: z.enum(LIST_TYPE_CODES),
    uscc: z.string(),
    enterpriseName: z.string(),
    grounds: z.string().openapi({ description: '列入事由' }),
    legalBasis: z.string().openapi({ description: '列入依据' }),
    measures: z.array(z.string()).openapi({ description: '惩戒或激励措施' }),
    decidingAuthority: z.string(),
    startDate: date,
    endDate: date.openapi({ description: 'Last day of the listing unless it ends early' }),
    earliestRemovalFrom: date.optional().openapi({ description: 'SAMR Order 44 Art. 16: early removal may be applied for from this day' }),
  })
  .openapi('Listing');

export const WarningSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() }).openapi('Warning');

export const ProfileSchema = EnterpriseSummarySchema.extend({
  listings: z.array(ListingSchema),
  records: z.array(RecordSchema),
  warnings: z.array(WarningSchema),
  asOf: date.optional().openapi({ description: 'Present when the profile is as of a past day (`?asOf=`)' }),
}).openapi('EnterpriseProfile');

export const ChangeSchema = z
  .object({
    entity: z.enum(['enterprise', 'record', 'listing']),
    id: z.string(),
    uscc: z.string(),
    action: z.string(),
    data: z.union([EnterpriseSummarySchema, RecordSchema, ListingSchema]).nullable().openapi({ description: 'The public view after the change; null once no longer public' }),
    reason: z.string().optional(),
  })
  .openapi('Change');

export const EventSchema = z
  .object({
    seq: z.number().int(),
    prevHash: z.string(),
    hash: z.string(),
    type: z.string(),
    at: z.string(),
    changes: z.array(ChangeSchema),
  })
  .openapi('LedgerEvent');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ in: z.string(), field: z.string(), code: z.string(), detail: z.string() })).optional(),
  })
  .openapi('Problem');

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), next: z.string().optional().openapi({ description: 'URL of the next page' }) }).openapi(name);
