/**
 * Stored entities for unit tests, with every personal and internal field filled in with a value
 * that is easy to search for in serialised output.
 */
import { classify } from '../../shared/rules/classification.ts';
import type { CommandContext } from '../../shared/register/commands.ts';
import type { CreditRecord, Enterprise, Listing } from '../../shared/register/model.ts';

export const USCC = '91330100799655058B';

/** Values that must never appear in anything public. */
export const PLANTED = {
  idNumber: '330106198001011234',
  contactPhone: '13800138000',
  internalNote: 'PLANTED-内部备注-勿公开',
  createdAt: '2020-01-01T01:01:01.001Z',
  updatedAt: '2020-02-02T02:02:02.002Z',
  publicationBasis: 'PLANTED-PUBLICATION-BASIS',
  endReason: 'PLANTED-END-REASON',
  statusReason: 'PLANTED-STATUS-REASON',
} as const;

/** Field names of stored entities that the public projection must drop. */
export const PRIVATE_KEYS = [
  'idNumber',
  'contactPhone',
  'riskClass',
  'internalNote',
  'version',
  'createdAt',
  'updatedAt',
  'publicationBasis',
  'status',
  'statusReason',
  'statusChangedOn',
  'endedOn',
  'endReason',
  'PK',
  'SK',
] as const;

export function enterprise(overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    uscc: USCC,
    checkDigitValid: true,
    name: '杭州萧山某某机械有限公司',
    district: '330109',
    registeredAddress: '杭州市萧山区某某路1号',
    legalRepresentative: { name: '张三', idNumber: PLANTED.idNumber },
    contactPhone: PLANTED.contactPhone,
    riskClass: 'D',
    classification: classify({ records: [], listings: [] }),
    version: 7,
    createdAt: PLANTED.createdAt,
    updatedAt: PLANTED.updatedAt,
    ...overrides,
  };
}

export function record(overrides: Partial<CreditRecord> = {}): CreditRecord {
  return {
    id: 'rec_1',
    uscc: USCC,
    kind: 'administrative-penalty',
    severity: 'general',
    title: '生产不符合强制性标准的产品',
    decisionNumber: '杭萧市监罚处〔2026〕1号',
    violationType: '产品质量',
    facts: '抽检不合格',
    legalBasis: '《中华人民共和国产品质量法》第四十九条',
    penaltyTypes: ['fine'],
    penaltyContent: '罚款5万元',
    fineWan: 5,
    licenceRevoked: false,
    decisionDate: '2026-01-05',
    authority: { name: '杭州市萧山区市场监督管理局', uscc: '11330109MB1234567X' },
    dataSource: '杭州市萧山区市场监督管理局',
    publishedOn: '2026-01-10',
    publicationEnd: '2029-01-10',
    publicationBasis: PLANTED.publicationBasis,
    status: 'published',
    internalNote: PLANTED.internalNote,
    version: 3,
    createdAt: PLANTED.createdAt,
    updatedAt: PLANTED.updatedAt,
    ...overrides,
  };
}

export function listing(overrides: Partial<Listing> = {}): Listing {
  return {
    id: 'lst_1',
    uscc: USCC,
    enterpriseName: '杭州萧山某某机械有限公司',
    listType: 'punishment',
    grounds: '生产销售不符合强制性标准的产品，情节严重',
    legalBasis: 'SAMR Order 44 Art. 7',
    measures: ['不适用告知承诺制'],
    decidingAuthority: '杭州市萧山区市场监督管理局',
    startDate: '2026-01-10',
    endDate: '2029-01-10',
    earliestRemovalFrom: '2027-01-10',
    status: 'active',
    internalNote: PLANTED.internalNote,
    version: 2,
    createdAt: PLANTED.createdAt,
    updatedAt: PLANTED.updatedAt,
    ...overrides,
  };
}

/** A command context at a fixed instant, with predictable ids (`rec_n1`, `lst_n2`, …). */
export function context(now = new Date('2026-03-02T02:00:00.000Z'), today = '2026-03-02'): CommandContext {
  let n = 0;
  return {
    now,
    today,
    actor: { kind: 'official', id: 'official-1', department: '杭州市市场监督管理局' },
    newId: (prefix) => `${prefix}_n${++n}`,
  };
}
