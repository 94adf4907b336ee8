/**
 * Snapshot files of the register: every enterprise, every published record, every current list
 * entry, as CSV (RFC 4180) or JSON Lines. Pure: rows come in as public views (the output of
 * `projection.ts`, never a stored item) and go out as text.
 *
 * Made to be mirrored and diffed:
 * - one stable row order (the export index's: USCC, then id) and one fixed column order;
 * - JSON Lines rows are RFC 8785 canonical JSON, byte for byte what `canonicalJson(change.data)`
 *   gives for the same entity in the change feed;
 * - the first line names the ledger position the file reflects (and nothing that varies between
 *   two downloads at the same position — no generation time), so two snapshots differ only where
 *   the register changed.
 *
 * CSV: UTF-8 with a byte-order mark (spreadsheets then read Chinese correctly), CRLF line ends,
 * fields quoted when they hold a comma, quote, CR or LF, quotes doubled (RFC 4180 §2). Lists inside
 * a cell are joined with "; ". Text a spreadsheet would run as a formula (starting with = + - @ or
 * a tab/CR) gets a leading apostrophe (OWASP "CSV injection"); JSON Lines carries every value
 * verbatim and is the lossless format.
 */
import { canonicalJson } from '../ledger/event.ts';
import type { CreditRecord, Enterprise, Listing } from '../register/model.ts';
import {
  isPublicListing,
  isPublicRecord,
  toPublicEnterprise,
  toPublicListing,
  toPublicRecord,
  type PublicEnterprise,
  type PublicListing,
  type PublicRecord,
} from './projection.ts';

export const SNAPSHOT_DATASETS = ['enterprises', 'records', 'listings'] as const;
export type SnapshotDataset = (typeof SNAPSHOT_DATASETS)[number];
export const SNAPSHOT_FORMATS = ['csv', 'jsonl'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

/** Every snapshot file name, e.g. `records.csv`. */
export const SNAPSHOT_FILES = SNAPSHOT_DATASETS.flatMap((d) => SNAPSHOT_FORMATS.map((f) => `${d}.${f}`));

export const SNAPSHOT_MEDIA_TYPES: Record<SnapshotFormat, string> = {
  // RFC 4180 §3: `header=present` says the first record after the position line names the columns.
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/jsonl; charset=utf-8',
};

/** `records.csv` → { dataset: 'records', format: 'csv' }; null for any other name. */
export function parseSnapshotFile(file: string): { dataset: SnapshotDataset; format: SnapshotFormat } | null {
  const m = /^([a-z]+)\.([a-z]+)$/.exec(file);
  const dataset = SNAPSHOT_DATASETS.find((d) => d === m?.[1]);
  const format = SNAPSHOT_FORMATS.find((f) => f === m?.[2]);
  return dataset && format ? { dataset, format } : null;
}

/** What each dataset's rows are: the public view of one entity. */
export interface SnapshotRows {
  enterprises: PublicEnterprise;
  records: PublicRecord;
  listings: PublicListing;
}

type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  name: string;
  /** Column title for people (zh-CN), published with the catalogue's table schema. */
  titleZh: string;
  datatype: 'string' | 'number' | 'boolean' | 'date';
  value: (row: T) => Cell;
}

const list = (values: readonly string[]) => values.join('; ');

/** The CSV columns of each dataset, in their fixed order. */
export const CSV_COLUMNS: { [D in SnapshotDataset]: readonly Column<SnapshotRows[D]>[] } = {
  enterprises: [
    { name: 'uscc', titleZh: '统一社会信用代码', datatype: 'string', value: (e) => e.uscc },
    { name: 'name', titleZh: '企业名称', datatype: 'string', value: (e) => e.name },
    { name: 'district_code', titleZh: '所属区县代码', datatype: 'string', value: (e) => e.district.code },
    { name: 'district_name', titleZh: '所属区县', datatype: 'string', value: (e) => e.district.name },
    { name: 'district_name_en', titleZh: '所属区县（英文）', datatype: 'string', value: (e) => e.district.nameEn },
    { name: 'legal_representative', titleZh: '法定代表人', datatype: 'string', value: (e) => e.legalRepresentative },
    { name: 'registered_address', titleZh: '住所', datatype: 'string', value: (e) => e.registeredAddress },
    { name: 'class', titleZh: '质量信用分类', datatype: 'string', value: (e) => e.classification.class },
    { name: 'class_name', titleZh: '分类名称', datatype: 'string', value: (e) => e.classification.name },
    { name: 'class_name_en', titleZh: '分类名称（英文）', datatype: 'string', value: (e) => e.classification.nameEn },
    { name: 'class_reasons', titleZh: '分类理由', datatype: 'string', value: (e) => list(e.classification.reasons.map((r) => r.zh)) },
    { name: 'class_reason_rules', titleZh: '分类规则', datatype: 'string', value: (e) => list(e.classification.reasons.map((r) => r.rule)) },
    { name: 'class_reason_refs', titleZh: '分类依据条目', datatype: 'string', value: (e) => list(e.classification.reasons.flatMap((r) => r.refs.map((x) => `${x.type}:${x.id}`))) },
    { name: 'class_rule_version', titleZh: '分类规则版本', datatype: 'string', value: (e) => e.classification.ruleVersion },
    { name: 'override_class', titleZh: '人工调整后分类', datatype: 'string', value: (e) => e.classification.override?.class },
    { name: 'override_reason', titleZh: '人工调整理由', datatype: 'string', value: (e) => e.classification.override?.reason },
    { name: 'override_department', titleZh: '调整部门', datatype: 'string', value: (e) => e.classification.override?.department },
    { name: 'override_decided_on', titleZh: '调整日期', datatype: 'date', value: (e) => e.classification.override?.decidedOn },
  ],
  records: [
    { name: 'id', titleZh: '记录编号', datatype: 'string', value: (r) => r.id },
    { name: 'uscc', titleZh: '统一社会信用代码', datatype: 'string', value: (r) => r.uscc },
    { name: 'kind', titleZh: '记录类别', datatype: 'string', value: (r) => r.kind },
    { name: 'severity', titleZh: '失信程度', datatype: 'string', value: (r) => r.severity },
    { name: 'title', titleZh: '标题', datatype: 'string', value: (r) => r.title },
    { name: 'decision_number', titleZh: '决定书文号', datatype: 'string', value: (r) => r.decisionNumber },
    { name: 'violation_type', titleZh: '违法行为类型', datatype: 'string', value: (r) => r.violationType },
    { name: 'facts', titleZh: '违法事实', datatype: 'string', value: (r) => r.facts },
    { name: 'legal_basis', titleZh: '处罚依据', datatype: 'string', value: (r) => r.legalBasis },
    { name: 'penalty_types', titleZh: '处罚类别', datatype: 'string', value: (r) => list(r.penaltyTypes) },
    { name: 'penalty_content', titleZh: '处罚内容', datatype: 'string', value: (r) => r.penaltyContent },
    { name: 'fine_wan', titleZh: '罚款金额（万元）', datatype: 'number', value: (r) => r.fineWan },
    { name: 'confiscation_wan', titleZh: '没收金额（万元）', datatype: 'number', value: (r) => r.confiscationWan },
    { name: 'licence_revoked', titleZh: '是否吊销许可证件', datatype: 'boolean', value: (r) => r.licenceRevoked },
    { name: 'restriction_months', titleZh: '限制期限（月）', datatype: 'number', value: (r) => r.restrictionMonths },
    { name: 'decision_date', titleZh: '处罚决定日期', datatype: 'date', value: (r) => r.decisionDate },
    { name: 'authority_name', titleZh: '处罚机关', datatype: 'string', value: (r) => r.authority.name },
    { name: 'authority_uscc', titleZh: '处罚机关统一社会信用代码', datatype: 'string', value: (r) => r.authority.uscc },
    { name: 'data_source', titleZh: '数据来源', datatype: 'string', value: (r) => r.dataSource },
    { name: 'published_on', titleZh: '公示日期', datatype: 'date', value: (r) => r.publishedOn },
    { name: 'publication_end', titleZh: '公示截止期', datatype: 'date', value: (r) => r.publicationEnd },
  ],
  listings: [
    { name: 'id', titleZh: '条目编号', datatype: 'string', value: (l) => l.id },
    { name: 'list_type', titleZh: '名单类型', datatype: 'string', value: (l) => l.listType },
    { name: 'uscc', titleZh: '统一社会信用代码', datatype: 'string', value: (l) => l.uscc },
    { name: 'enterprise_name', titleZh: '企业名称', datatype: 'string', value: (l) => l.enterpriseName },
    { name: 'grounds', titleZh: '列入事由', datatype: 'string', value: (l) => l.grounds },
    { name: 'legal_basis', titleZh: '列入依据', datatype: 'string', value: (l) => l.legalBasis },
    { name: 'measures', titleZh: '惩戒或激励措施', datatype: 'string', value: (l) => list(l.measures) },
    { name: 'deciding_authority', titleZh: '作出决定部门', datatype: 'string', value: (l) => l.decidingAuthority },
    { name: 'start_date', titleZh: '列入日期', datatype: 'date', value: (l) => l.startDate },
    { name: 'end_date', titleZh: '届满日期', datatype: 'date', value: (l) => l.endDate },
    { name: 'earliest_removal_from', titleZh: '可申请提前移出日期', datatype: 'date', value: (l) => l.earliestRemovalFrom },
  ],
};

/** A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field per RFC 4180 §2: quoted when it must be, quotes doubled. */
export function csvField(value: Cell): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF. */
export const csvRecord = (fields: readonly Cell[]) => `${fields.map(csvField).join(',')}\r\n`;

/** Where in the ledger a snapshot stands. */
export interface SnapshotPosition {
  /** The ledger seq read before the first row: replay the feed from `after=seq`. */
  seq: number;
  hash: string;
  at: string | null;
}

/** The licence every snapshot is published under (README "Licence"). */
export const DATA_LICENCE = { id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' } as const;

/**
 * The first line(s) of a snapshot file, before any row.
 *
 * CSV: a position line starting with `#` (skip it with csv-parse `from_line: 2` or
 * `comment: '#'`, pandas `skiprows=1`), padded to the column count so the file keeps one field
 * count throughout (RFC 4180 §2.4); then the header record of column names. JSON Lines: one
 * object `{"snapshot": {…}}` whose key no row has.
 */
export function snapshotPreamble(dataset: SnapshotDataset, format: SnapshotFormat, position: SnapshotPosition): string {
  if (format === 'jsonl') {
    return `${canonicalJson({ snapshot: { dataset, ledgerSeq: position.seq, ledgerHash: position.hash, ledgerAt: position.at, licence: DATA_LICENCE.id } })}\n`;
  }
  const columns = CSV_COLUMNS[dataset];
  const line = `#snapshot=${dataset};ledger_seq=${position.seq};ledger_hash=${position.hash};ledger_at=${position.at ?? ''};licence=${DATA_LICENCE.id}`;
  // A byte-order mark first, so that spreadsheets read UTF-8 (Excel assumes a legacy code page otherwise).
  return `\uFEFF${csvRecord([line, ...columns.slice(1).map(() => '')])}${csvRecord(columns.map((c) => c.name))}`;
}

/** One row of a snapshot file, from the entity's public view. */
export function snapshotRow<D extends SnapshotDataset>(dataset: D, format: SnapshotFormat, view: SnapshotRows[D]): string {
  if (format === 'jsonl') return `${canonicalJson(view)}\n`;
  const columns = CSV_COLUMNS[dataset] as readonly Column<SnapshotRows[D]>[];
  return csvRecord(columns.map((c) => c.value(view)));
}

/** The stored entity behind each dataset, and its item tag in the export index. */
export interface SnapshotSources {
  enterprises: Enterprise;
  records: CreditRecord;
  listings: Listing;
}
export const SNAPSHOT_ENTITY = { enterprises: 'enterprise', records: 'record', listings: 'listing' } as const satisfies Record<SnapshotDataset, string>;

/** Stored entity → public view, or null when it is not public (the export index is sparse; this is the gate). */
const PUBLIC_VIEW: { [D in SnapshotDataset]: (stored: SnapshotSources[D]) => SnapshotRows[D] | null } = {
  enterprises: (e) => toPublicEnterprise(e),
  records: (r) => (isPublicRecord(r) ? toPublicRecord(r) : null),
  listings: (l) => (isPublicListing(l) ? toPublicListing(l) : null),
};

/**
 * A snapshot file as a sequence of text chunks: the preamble, then one chunk per page of stored
 * entities, each row through the public projection. Lazy — it asks `pages` for the next page only
 * when its own consumer asks for the next chunk — so memory stays at about one page whatever the
 * size of the register.
 */
export async function* snapshotText<D extends SnapshotDataset>(
  dataset: D,
  format: SnapshotFormat,
  position: SnapshotPosition,
  pages: AsyncIterable<readonly SnapshotSources[D][]>,
): AsyncGenerator<string> {
  yield snapshotPreamble(dataset, format, position);
  const view = PUBLIC_VIEW[dataset] as (stored: SnapshotSources[D]) => SnapshotRows[D] | null;
  for await (const page of pages) {
    let chunk = '';
    for (const stored of page) {
      const row = view(stored);
      if (row) chunk += snapshotRow(dataset, format, row);
    }
    if (chunk) yield chunk;
  }
}
