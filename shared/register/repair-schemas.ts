/** Request bodies of repair applications (strict: unknown fields are refused). */
import { z } from '@hono/zod-openapi';

export const EvidenceSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256'),
    location: z.string().trim().min(1).max(1000).openapi({ description: 'Where the file is held' }),
  })
  .strict()
  .openapi('Evidence');

export const RepairApplicationBody = z
  .object({
    target: z.object({ type: z.enum(['record', 'listing']), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict(),
    statement: z.string().trim().min(10).max(10_000).openapi({ description: '信用修复申请书: how the violation was corrected and the penalty performed' }),
    commitment: z.string().trim().min(10).max(10_000).openapi({ description: '守信承诺书: the public credit commitment' }),
    evidence: z.array(EvidenceSchema).min(1).max(50),
  })
  .strict()
  .openapi('RepairApplication');

export const SupplementBody = z
  .object({ text: z.string().trim().min(1).max(10_000), evidence: z.array(EvidenceSchema).max(50).default([]) })
  .strict()
  .openapi('RepairSupplement');

export const DecisionBody = z
  .object({
    decision: z.enum(['accept', 'request-supplement', 'approve', 'reject', 'revoke']),
    reason: z.string().trim().min(1).max(5000).optional(),
  })
  .strict()
  .openapi('RepairDecision');
