/**
 * The one error vocabulary. Every failure a client can cause is a `Problem` with a stable dotted
 * code; `shared/http/problem.ts` renders it as RFC 9457 problem+json. Titles are bilingual because
 * the register's public is Chinese-speaking first and its data users are worldwide.
 */
export const PROBLEM_TYPES = {
  'request.invalid': { status: 400, zh: '请求参数无效', en: 'The request is invalid' },
  'request.unsupported-media-type': { status: 415, zh: '不支持的内容类型', en: 'Unsupported media type' },
  'request.too-large': { status: 413, zh: '请求体过大', en: 'Request body too large' },
  'uscc.malformed': { status: 400, zh: '统一社会信用代码格式错误', en: 'Malformed unified social credit code' },
  'uscc.check-digit': { status: 422, zh: '统一社会信用代码校验位错误', en: 'The check character of the unified social credit code is wrong' },
  'cursor.invalid': { status: 400, zh: '分页游标无效', en: 'Invalid pagination cursor' },
  'route.not-found': { status: 404, zh: '未找到该地址', en: 'No such resource' },
  'method.not-allowed': { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  'enterprise.not-found': { status: 404, zh: '未找到该企业', en: 'Enterprise not found' },
  'record.not-found': { status: 404, zh: '未找到该信用记录', en: 'Credit record not found' },
  'record.not-publishable': { status: 422, zh: '该信息依法不予公示', en: 'The law does not allow this information to be published' },
  'record.duplicate': { status: 409, zh: '该决定书文号已公示', en: 'A record with this decision number is already published' },
  'listing.not-found': { status: 404, zh: '未找到该名单条目', en: 'List entry not found' },
  'auth.required': { status: 401, zh: '需要身份认证', en: 'Authentication required' },
  'auth.invalid-token': { status: 401, zh: '身份令牌无效', en: 'Invalid token' },
  'auth.forbidden': { status: 403, zh: '无权执行该操作', en: 'Not allowed for this role' },
  'precondition.required': { status: 428, zh: '缺少 If-Match 请求头', en: 'If-Match is required for this update' },
  'precondition.failed': { status: 412, zh: '数据已被他人修改，请刷新后重试', en: 'The resource has changed since you read it' },
  'idempotency.key-required': { status: 400, zh: '缺少 Idempotency-Key 请求头', en: 'Idempotency-Key is required' },
  'idempotency.key-reused': { status: 422, zh: 'Idempotency-Key 已用于不同的请求', en: 'This Idempotency-Key was used for a different request' },
  'record.not-current': { status: 409, zh: '该信用记录已不在公示中', en: 'The record is no longer published' },
  'listing.not-current': { status: 409, zh: '该名单条目已不在公示中', en: 'The list entry is no longer current' },
  'import.invalid': { status: 422, zh: '导入文件有误', en: 'The import file has invalid rows' },
  'export.unknown': { status: 400, zh: '没有该数据集文件', en: 'No such snapshot file' },
  'feed.unknown': { status: 400, zh: '没有该订阅源', en: 'No such feed' },
  'feed.page-not-found': { status: 404, zh: '该归档页尚不存在', en: 'No such feed archive page (yet)' },
  'asof.out-of-range': { status: 400, zh: '查询日期超出登记簿的历史范围', en: 'The as-of date is outside the register’s history' },
  'checkpoint.not-found': { status: 404, zh: '未找到该签名检查点', en: 'No signed checkpoint found' },
  'repair.invalid-transition': { status: 409, zh: '该申请当前状态不允许此操作', en: 'The application’s status does not allow this' },
  'repair.not-found': { status: 404, zh: '未找到该信用修复申请', en: 'Repair application not found' },
  'repair.ineligible': { status: 422, zh: '暂不符合信用修复条件', en: 'Not eligible for credit repair yet' },
  'calendar.missing': { status: 503, zh: '缺少工作日历，请联系运维人员', en: 'The working-day calendar for that year is missing (operator error)' },
  'ledger.busy': { status: 503, zh: '系统繁忙，请稍后重试', en: 'The register is busy; retry shortly' },
  'ledger.too-large': { status: 422, zh: '单次变更过多', en: 'Too many changes for one transaction' },
  'store.unavailable': { status: 503, zh: '数据服务暂不可用', en: 'The data service is unavailable' },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

/** One invalid input: where it is (`body`, `query`, `path`, `header`), which field, and why. */
export interface FieldError {
  in: 'body' | 'query' | 'path' | 'header';
  field: string;
  code: string;
  detail: string;
}

export class Problem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors: FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. `eligibleFrom`. */
  readonly extensions: Record<string, unknown>;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'Problem';
    this.code = code;
    this.status = PROBLEM_TYPES[code].status;
    this.errors = options.errors ?? [];
    this.extensions = options.extensions ?? {};
  }
}
