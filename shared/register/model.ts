/**
 * The register's entities as stored. Internal and personal fields live here too; what the public
 * may see is decided only by `shared/public/projection.ts`.
 */
import type { CalendarDate } from '../rules/calendar.ts';
import type { Classification, CreditClass } from '../rules/classification.ts';
import type { ListType } from '../rules/listings.ts';
import type { PenaltyType, RecordKind, Severity } from '../rules/records.ts';

/** Who did something: an official (with department) or the system itself. */
export interface Actor {
  kind: 'official' | 'enterprise' | 'system';
  id: string;
  department?: string;
}

export interface PublishedClassification extends Classification {
  /** An official's override of the computed class; public together with its reason. */
  override?: { class: CreditClass; reason: string; department: string; decidedOn: CalendarDate };
}

export interface Enterprise {
  uscc: string;
  /** False for a well-formed code whose check character fails (pilot-era codes; see rules/uscc.ts). */
  checkDigitValid: boolean;
  name: string;
  /** Current district code: a separate fact from the region inside the USCC. */
  district: string;
  registeredAddress?: string;
  /** The legal representative's name is public (registration data); the ID number never is. */
  legalRepresentative?: { name: string; idNumber?: string };
  /** Never public: contact data of a natural person (个人信息保护法). */
  contactPhone?: string;
  /** Never public: SAMR internal credit-risk class (国市监信发〔2022〕6号). */
  riskClass?: CreditClass;
  classification: PublishedClassification;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type RecordStatus = 'published' | 'expired' | 'withdrawn' | 'repaired';

export interface CreditRecord {
  id: string;
  uscc: string;
  kind: RecordKind;
  /** 轻微 / 一般 / 严重 for negative records; null for awards and honours. */
  severity: Severity | null;
  title: string;
  /** 决定书文号 */
  decisionNumber: string;
  /** 违法行为类型 */
  violationType?: string;
  /** 违法事实 */
  facts?: string;
  /** 处罚依据 / 认定依据 */
  legalBasis: string;
  penaltyTypes: PenaltyType[];
  /** 处罚内容 */
  penaltyContent?: string;
  /** 罚款金额, 万元 */
  fineWan?: number;
  /** 没收违法所得、没收非法财物的金额, 万元 */
  confiscationWan?: number;
  licenceRevoked: boolean;
  /** Term of a restriction in months, where the penalty carries one. */
  restrictionMonths?: number;
  /** 处罚决定日期 / 认定日期 */
  decisionDate: CalendarDate;
  /** 处罚机关 and its USCC */
  authority: { name: string; uscc: string };
  /** 数据来源 */
  dataSource: string;
  /** The day publication began; the publication period counts from it. */
  publishedOn: CalendarDate;
  /** 公示截止期: last day of publication, computed from PUBLICATION_RULES, never typed in. */
  publicationEnd: CalendarDate;
  publicationBasis: string;
  status: RecordStatus;
  /**
   * The first day the record was no longer public (expired: the day after publicationEnd;
   * withdrawn or repaired: the day it was decided). With publishedOn it says what was public on
   * any past day.
   */
  statusChangedOn?: CalendarDate;
  statusReason?: string;
  /** Never public: an official's working note. */
  internalNote?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ListingStatus = 'active' | 'ended' | 'expired' | 'repaired';

export interface Listing {
  id: string;
  uscc: string;
  /** The enterprise's name when listed, as the list shows it. */
  enterpriseName: string;
  listType: ListType;
  /** 列入事由 */
  grounds: string;
  /** 列入依据 */
  legalBasis: string;
  /** 惩戒或激励措施 */
  measures: string[];
  /** 作出决定的部门 */
  decidingAuthority: string;
  startDate: CalendarDate;
  /** Last day of the listing unless it ends early. */
  endDate: CalendarDate;
  /** SAMR Order 44 Art. 16: first day early removal may be applied for (punishment list). */
  earliestRemovalFrom: CalendarDate | null;
  status: ListingStatus;
  /** The first day the entry no longer applied (ended: the day decided; expired: the day after endDate). */
  endedOn?: CalendarDate;
  endReason?: string;
  internalNote?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Everything stored under one enterprise: the unit every publishing change reads and writes. */
export interface EnterpriseFile {
  enterprise: Enterprise | null;
  records: CreditRecord[];
  listings: Listing[];
}
