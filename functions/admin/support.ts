/**
 * What the officials' routes share: who is acting, the audit entry each write carries, and USCCs
 * in request bodies.
 */
import type { Context } from 'hono';
import type { AuthEnv } from '../../shared/auth/middleware.ts';
import { Problem } from '../../shared/errors.ts';
import type { Actor } from '../../shared/register/model.ts';
import { checkUscc } from '../../shared/rules/uscc.ts';
import { auditPut, type AuditEntry } from '../../shared/store/audit.ts';
import type { LedgerEvent } from '../../shared/ledger/event.ts';

export function actorOf(c: Context<AuthEnv>): Actor {
  const p = c.get('principal');
  return p.kind === 'official' ? { kind: 'official', id: p.subject, department: p.department } : { kind: 'enterprise', id: p.subject };
}

/** The audit entry of a write, to go into its transaction. */
export function auditEntry(tableName: string, c: Context<AuthEnv>, entry: Omit<AuditEntry, 'at' | 'actor' | 'seq'>, event: LedgerEvent | null) {
  return auditPut(tableName, { ...entry, at: new Date().toISOString(), actor: actorOf(c), seq: event?.seq ?? null });
}

/**
 * A USCC sent in a body: normalised; malformed → 400; a failing check character → 422 unless the
 * official confirms it (GB 32100 pilot-era codes are valid in law, DOMAIN.md §1).
 */
export function bodyUscc(value: string, field: string, confirmed = true): { uscc: string; checkDigitValid: boolean } {
  const check = checkUscc(value);
  if (!check.ok) {
    throw new Problem('uscc.malformed', `${field} is not a unified social credit code (GB 32100-2015).`, {
      errors: [{ in: 'body', field, code: check.reason, detail: check.reason === 'length' ? 'must be 18 characters' : 'characters outside the USCC alphabet' }],
    });
  }
  if (!check.checkDigitValid && !confirmed) {
    throw new Problem('uscc.check-digit', `The check character of ${check.uscc} should be ${check.expected}. If the code is right (some pilot-era codes fail the check), send confirmCheckDigit: true.`, {
      errors: [{ in: 'body', field, code: 'check-digit', detail: `expected check character ${check.expected}` }],
    });
  }
  return { uscc: check.uscc, checkDigitValid: check.checkDigitValid };
}
