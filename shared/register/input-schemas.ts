/**
 * Request bodies of the officials' API. Every object is strict: a field the API does not know is
 * refused (no mass assignment of status, version, publicationEnd …).
 */
import { z } from '@hono/zod-openapi';
import { CREDIT_CLASS_CODES } from '../rules/classification.ts';
import { isCalendarDate } from '../rules/calendar.ts';
import { DISTRICT_CODES } from '../rules/districts.ts';
import { LIST_TYPE_CODES } from '../rules/listings.ts';
import { PENALTY_TYPE_CODES, RECORD_KIND_CODES, SEVERITY_CODES } from '../rules/records.ts';

export const calendarDate = z
  .string()
  .refine(isCalendarDate, 'must be a real calendar day written YYYY-MM-DD')
  .openapi({ example: '2026-10-15', description: 'Calendar day, Asia/Shanghai' });

const text = (max: number) => z.string().trim().min(1).max(max);
/**
 * Amounts in 万元: not negative, at most 4 decimals (one yuan). The tolerance absorbs binary
 * fractions (0.3 × 10,000); an amount that rounds to 0 yuan must be 0 itself — 1e-200 would pass
 * the tolerance yet is no sum of money, and DynamoDB cannot store a number below 1e-130.
 */
const wan = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((n) => {
    const yuan = Math.round(n * 10_000);
    return Math.abs(yuan - n * 10_000) < 1e-6 && (yuan > 0 || n === 0);
  }, 'at most 4 decimals (one yuan)')
  .openapi({ description: 'Amount in 万元 (10,000 CNY)' });
const usccField = z.string().min(18).max(40).openapi({ example: '91330100799655058B' });
const reason = text(2000).openapi({ description: 'Why: kept in the audit trail' });

export const EnterpriseBody = z
  .object({
    name: text(200),
    district: z.enum(DISTRICT_CODES),
    registeredAddress: text(500).optional(),
    legalRepresentative: z.object({ name: text(100), idNumber: z.string().regex(/^\d{17}[\dX]$/).optional() }).strict().optional(),
    contactPhone: z.string().regex(/^[\d\-+ ]{5,20}$/).optional(),
    riskClass: z.enum(CREDIT_CLASS_CODES).optional().openapi({ description: 'Internal credit-risk class (国市监信发〔2022〕6号); never public' }),
    /** GB 32100: a code whose check character fails is refused unless the official confirms it. */
    confirmCheckDigit: z.boolean().optional(),
    reason: reason.optional(),
  })
  .strict()
  .openapi('EnterpriseUpdate');

export const RecordBody = z
  .object({
    uscc: usccField,
    kind: z.enum(RECORD_KIND_CODES),
    severity: z.enum(SEVERITY_CODES).nullable(),
    title: text(200),
    decisionNumber: text(100),
    violationType: text(500).optional(),
    facts: text(5000).optional(),
    legalBasis: text(1000),
    penaltyTypes: z.array(z.enum(PENALTY_TYPE_CODES)).max(PENALTY_TYPE_CODES.length).refine((t) => new Set(t).size === t.length, 'no repeated type'),
    penaltyContent: text(2000).optional(),
    fineWan: wan.optional(),
    confiscationWan: wan.optional(),
    licenceRevoked: z.boolean().optional(),
    restrictionMonths: z.number().int().min(1).max(600).optional(),
    decisionDate: calendarDate,
    authority: z.object({ name: text(200), uscc: usccField }).strict(),
    dataSource: text(200),
    publishedOn: calendarDate.optional().openapi({ description: 'When publication began, if before today (imports)' }),
    validUntil: calendarDate.optional(),
    internalNote: text(2000).optional(),
    reason: reason.optional(),
  })
  .strict()
  .openapi('RecordCreate');

export const CorrectionBody = z
  .object({
    correction: RecordBody.omit({ uscc: true, kind: true, publishedOn: true, validUntil: true, reason: true }).partial().strict(),
    reason,
  })
  .strict()
  .openapi('RecordCorrection');

export const ReasonBody = z.object({ reason }).strict().openapi('Reason');

export const ListingBody = z
  .object({
    uscc: usccField,
    listType: z.enum(LIST_TYPE_CODES),
    grounds: text(1000),
    legalBasis: text(1000),
    measures: z.array(text(500)).min(1).max(20).optional().openapi({ description: 'Defaults to the rule data’s measures for the list' }),
    decidingAuthority: text(200),
    startDate: calendarDate,
    internalNote: text(2000).optional(),
    reason: reason.optional(),
  })
  .strict()
  .openapi('ListingCreate');

export const ClassificationBody = z
  .object({
    override: z.object({ class: z.enum(CREDIT_CLASS_CODES), reason: text(2000) }).strict().nullable(),
    reason,
  })
  .strict()
  .openapi('ClassificationOverride');

/** Internal views are documented by their fields in the README; here, an open object. */
export const InternalView = z.record(z.string(), z.unknown()).openapi('InternalView');
