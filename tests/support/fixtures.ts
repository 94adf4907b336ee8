/**
 * A small register every HTTP and store test can reason about by name: one enterprise of each
 * class, personal and internal data planted where the public must never see it.
 */
import type { RecordInput } from '../../shared/register/commands.ts';
import type { Actor } from '../../shared/register/model.ts';
import { addDays, shanghaiDate } from '../../shared/rules/calendar.ts';
import { LISTING_RULES } from '../../shared/rules/listings.ts';
import type { Db } from '../../shared/store/db.ts';
import { addListing, publishRecord, registerEnterprise } from '../../shared/store/publishing.ts';

export const actor: Actor = { kind: 'official', id: 'test-official', department: '杭州市市场监督管理局' };

/** Planted secrets: none may appear in any public output. */
export const SECRETS = {
  idNumber: '330106199001011234',
  phone: '13800138000',
  internalNote: 'INTERNAL-NOTE-DO-NOT-PUBLISH',
  riskClassField: 'riskClass',
} as const;

export const E = {
  /** C: a published penalty of severity 一般. */
  dishonest: '91330100799655058B',
  /** A: on the incentive list, no negative record. */
  trustworthy: '91330000733796106P',
  /** D: on the punishment list with a serious penalty. */
  seriouslyDishonest: '9144030071526726XG',
  /** B: nothing published. */
  plain: '91110000600037341L',
  /** B: a pilot-era code whose check character fails; only a minor record. */
  pilot: '91350100M0001TGQXM',
} as const;

const authority = { name: '杭州市西湖区市场监督管理局', uscc: '113301060024890718' };

export const penalty = (uscc: string, over: Partial<RecordInput> = {}): RecordInput => ({
  uscc,
  kind: 'administrative-penalty',
  severity: 'general',
  title: '生产不符合国家标准的产品',
  decisionNumber: `杭西市监处罚〔2026〕${Math.floor(Math.random() * 1e9)}号`,
  violationType: '生产不符合保障人体健康和人身、财产安全的国家标准的产品',
  facts: '经抽样检验，该批次产品菌落总数不符合 GB 19298-2014 要求。',
  legalBasis: '《中华人民共和国产品质量法》第四十九条',
  penaltyTypes: ['fine', 'confiscation-of-illegal-gains'],
  penaltyContent: '罚款人民币5万元，没收违法所得0.8万元',
  fineWan: 5,
  confiscationWan: 0.8,
  decisionDate: addDays(shanghaiDate(), -10),
  authority,
  dataSource: '杭州市市场监督管理局',
  ...over,
});

/**
 * The JSON body of `POST /v1/admin/records` as an official's client sends it: a general fine
 * decided five days ago, with a decision number of its own unless `over` names one.
 */
export const recordBody = (uscc: string, over: Record<string, unknown> = {}) => ({
  uscc,
  kind: 'administrative-penalty',
  severity: 'general',
  title: '销售不合格产品',
  decisionNumber: `杭西市监处罚〔2026〕${Math.floor(Math.random() * 1e9)}号`,
  legalBasis: '《中华人民共和国产品质量法》第五十条',
  penaltyTypes: ['fine'],
  fineWan: 3,
  decisionDate: addDays(shanghaiDate(), -5),
  authority,
  dataSource: '杭州市市场监督管理局',
  reason: '依法公示',
  ...over,
});

export async function seedFixtures(db: Db) {
  const options = { actor };
  const today = shanghaiDate();
  await registerEnterprise(
    db,
    {
      uscc: E.dishonest,
      checkDigitValid: true,
      name: '杭州西湖示例食品有限公司',
      district: '330106',
      registeredAddress: '杭州市西湖区文三路1号',
      legalRepresentative: { name: '王示例', idNumber: SECRETS.idNumber },
      contactPhone: SECRETS.phone,
      riskClass: 'D',
    },
    options,
  );
  const general = await publishRecord(db, penalty(E.dishonest, { internalNote: SECRETS.internalNote }), options);

  await registerEnterprise(db, { uscc: E.trustworthy, checkDigitValid: true, name: '杭州滨江示例电子科技有限公司', district: '330108' }, options);
  const award = await publishRecord(
    db,
    penalty(E.trustworthy, {
      kind: 'quality-award',
      severity: null,
      title: '杭州市人民政府质量奖',
      penaltyTypes: [],
      fineWan: undefined,
      confiscationWan: undefined,
      violationType: undefined,
      facts: undefined,
      penaltyContent: undefined,
      legalBasis: '《杭州市质量促进办法》第十九条',
    }),
    options,
  );
  const incentive = await addListing(
    db,
    {
      uscc: E.trustworthy,
      listType: 'incentive',
      grounds: '获得杭州市人民政府质量奖',
      legalBasis: '《杭州市质量促进办法》第十九条、第二十三条',
      measures: [...LISTING_RULES.incentive.defaultMeasures],
      decidingAuthority: '杭州市市场监督管理局',
      startDate: addDays(today, -30),
    },
    options,
  );

  await registerEnterprise(db, { uscc: E.seriouslyDishonest, checkDigitValid: true, name: '杭州萧山示例机械有限公司', district: '330109' }, options);
  const serious = await publishRecord(
    db,
    penalty(E.seriouslyDishonest, { severity: 'serious', penaltyTypes: ['fine', 'licence-revoked'], fineWan: 80, penaltyContent: '罚款80万元，吊销许可证' }),
    options,
  );
  const punishment = await addListing(
    db,
    {
      uscc: E.seriouslyDishonest,
      listType: 'punishment',
      grounds: '使用未经检验的特种设备，情节严重',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第七条',
      measures: [...LISTING_RULES.punishment.defaultMeasures],
      decidingAuthority: '杭州市萧山区市场监督管理局',
      startDate: addDays(today, -400),
      internalNote: SECRETS.internalNote,
    },
    options,
  );

  await registerEnterprise(db, { uscc: E.plain, checkDigitValid: true, name: '建德示例茶业有限公司', district: '330182' }, options);

  await registerEnterprise(db, { uscc: E.pilot, checkDigitValid: false, name: '杭州余杭试点代码贸易有限公司', district: '330110' }, options);
  const minor = await publishRecord(
    db,
    penalty(E.pilot, { severity: 'minor', penaltyTypes: ['public-criticism'], fineWan: undefined, confiscationWan: undefined, penaltyContent: '通报批评' }),
    options,
  );

  return {
    records: { general: general.record, award: award.record, serious: serious.record, minor: minor.record },
    listings: { incentive: incentive.listing, punishment: punishment.listing },
  };
}
