/**
 * Bulk import of credit records from CSV (UTF-8, with or without BOM; RFC 4180). One row is one
 * record; the enterprise columns register the enterprise when it is not yet in the register.
 * Every row is validated before anything is written; the report names each bad row by its line.
 */
import { parse } from 'csv-parse/sync';
import { z } from '@hono/zod-openapi';
import { Problem, type FieldError } from '../errors.ts';
import { RecordBody } from '../register/input-schemas.ts';
import { DISTRICT_CODES } from '../rules/districts.ts';
import { checkUscc } from '../rules/uscc.ts';
import type { EnterpriseInput, RecordInput } from '../register/commands.ts';

/** The columns, in the order the README documents them. */
export const IMPORT_COLUMNS = [
  'uscc',
  'enterprise_name',
  'district',
  'kind',
  'severity',
  'title',
  'decision_number',
  'violation_type',
  'facts',
  'legal_basis',
  'penalty_types',
  'penalty_content',
  'fine_wan',
  'confiscation_wan',
  'licence_revoked',
  'restriction_months',
  'decision_date',
  'published_on',
  'authority_name',
  'authority_uscc',
  'data_source',
] as const;
const REQUIRED = new Set(['uscc', 'enterprise_name', 'district', 'kind', 'title', 'decision_number', 'legal_basis', 'decision_date', 'authority_name', 'authority_uscc', 'data_source']);

export interface BadRow {
  /** 1-based line in the file, the header being line 1. */
  line: number;
  errors: FieldError[];
}

export interface ImportRow {
  line: number;
  enterprise: EnterpriseInput;
  record: RecordInput;
}

export interface ParsedImport {
  valid: ImportRow[];
  rows: number;
  bad: BadRow[];
}

const opt = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const num = (v: string | undefined) => (opt(v) === undefined ? undefined : Number(opt(v)));

const EnterpriseColumns = z.object({ enterprise_name: z.string().trim().min(1).max(200), district: z.enum(DISTRICT_CODES) });

function fileProblem(detail: string, cause?: unknown): Problem {
  return new Problem('request.invalid', `The import file is ${detail}.`, { errors: [{ in: 'body', field: '(file)', code: 'csv', detail }], cause });
}

/** Parse and validate a whole file. Throws a Problem only when the file itself is not CSV or lacks columns. */
export function parseImport(text: string): ParsedImport {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw fileProblem(`not readable as CSV: ${(error as Error).message}`, error);
  }
  const [header, ...rows] = records;
  if (!header) return { valid: [], rows: 0, bad: [] };
  const columns = header.map((h) => h.trim());
  const missing = [...REQUIRED].filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (missing.length || unknown.length) {
    throw fileProblem(`wrong in its header: ${missing.length ? `missing columns: ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `unknown columns: ${unknown.join(', ')}` : ''}`);
  }

  const valid: ImportRow[] = [];
  const bad: BadRow[] = [];
  rows.forEach((cells, i) => {
    const line = i + 2;
    const row = Object.fromEntries(columns.map((c, k) => [c, cells[k]]));
    const errors: FieldError[] = [];
    const uscc = checkUscc(row.uscc ?? '');
    if (!uscc.ok) errors.push({ in: 'body', field: 'uscc', code: uscc.reason, detail: 'not a unified social credit code' });
    else if (!uscc.checkDigitValid) errors.push({ in: 'body', field: 'uscc', code: 'check-digit', detail: `check character should be ${uscc.expected}; register it through the API with confirmCheckDigit` });
    const enterprise = EnterpriseColumns.safeParse(row);
    if (!enterprise.success) for (const issue of enterprise.error.issues) errors.push({ in: 'body', field: String(issue.path[0]), code: issue.code, detail: issue.message });
    const candidate = {
      uscc: row.uscc ?? '',
      kind: opt(row.kind),
      severity: opt(row.severity) ?? null,
      title: opt(row.title),
      decisionNumber: opt(row.decision_number),
      violationType: opt(row.violation_type),
      facts: opt(row.facts),
      legalBasis: opt(row.legal_basis),
      penaltyTypes: (opt(row.penalty_types) ?? '').split(/[;；]/).map((t) => t.trim()).filter(Boolean),
      penaltyContent: opt(row.penalty_content),
      fineWan: num(row.fine_wan),
      confiscationWan: num(row.confiscation_wan),
      licenceRevoked: opt(row.licence_revoked) === undefined ? undefined : ['true', '1', 'yes', '是'].includes((opt(row.licence_revoked) as string).toLowerCase()),
      restrictionMonths: num(row.restriction_months),
      decisionDate: opt(row.decision_date),
      publishedOn: opt(row.published_on),
      authority: { name: opt(row.authority_name), uscc: opt(row.authority_uscc) },
      dataSource: opt(row.data_source),
    };
    const record = RecordBody.safeParse(JSON.parse(JSON.stringify(candidate)));
    if (!record.success) {
      for (const issue of record.error.issues) errors.push({ in: 'body', field: issue.path.map(String).join('.'), code: issue.code, detail: issue.message });
    }
    if (errors.length || !record.success || !enterprise.success || !uscc.ok) {
      bad.push({ line, errors });
      return;
    }
    const { reason: _reason, ...input } = record.data;
    valid.push({
      line,
      enterprise: { uscc: uscc.uscc, checkDigitValid: true, name: enterprise.data.enterprise_name, district: enterprise.data.district },
      record: { ...input, uscc: uscc.uscc, authority: { name: input.authority.name, uscc: checkUscc(input.authority.uscc).uscc } },
    });
  });
  return { valid, rows: rows.length, bad };
}
