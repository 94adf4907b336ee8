/**
 * The public projection: the one place that decides what of a stored entity the public sees.
 * API responses, web pages, the change feed, Atom feeds and snapshots all go through these
 * functions, so a field that must not leak is removed here and tested here. Each function copies
 * an explicit allow-list of fields — never a spread of the stored item.
 *
 * Never public (DOMAIN.md §3): ID numbers and contact data of natural persons, the internal
 * credit-risk class, internal notes, versions and keys, repaired or withdrawn records, and the
 * content of repair applications.
 */
import { CREDIT_CLASSES } from '../rules/classification.ts';
import { districtByCode } from '../rules/districts.ts';
import type { CreditRecord, Enterprise, Listing, PublishedClassification } from '../register/model.ts';

export interface PublicDistrict {
  code: string;
  name: string;
  nameEn: string;
}

function publicDistrict(code: string): PublicDistrict {
  const d = districtByCode(code);
  return { code, name: d?.zh ?? code, nameEn: d?.en ?? code };
}

export function toPublicClassification(c: PublishedClassification) {
  return {
    class: c.class,
    name: CREDIT_CLASSES[c.class].zh,
    nameEn: CREDIT_CLASSES[c.class].en,
    reasons: c.reasons.map((r) => ({ rule: r.rule, zh: r.zh, en: r.en, refs: r.refs.map((x) => ({ type: x.type, id: x.id })) })),
    ruleVersion: c.ruleVersion,
    ...(c.override
      ? { override: { class: c.override.class, reason: c.override.reason, department: c.override.department, decidedOn: c.override.decidedOn } }
      : {}),
  };
}
export type PublicClassification = ReturnType<typeof toPublicClassification>;

/** An enterprise as listed in search results and carried in change events. */
export function toPublicEnterprise(e: Enterprise) {
  return {
    uscc: e.uscc,
    name: e.name,
    district: publicDistrict(e.district),
    ...(e.legalRepresentative ? { legalRepresentative: e.legalRepresentative.name } : {}),
    ...(e.registeredAddress ? { registeredAddress: e.registeredAddress } : {}),
    classification: toPublicClassification(e.classification),
  };
}
export type PublicEnterprise = ReturnType<typeof toPublicEnterprise>;

export function isPublicRecord(r: CreditRecord): boolean {
  return r.status === 'published';
}

/** A published credit record, in the fields of the national 双公示 penalty schema. */
export function toPublicRecord(r: CreditRecord) {
  return {
    id: r.id,
    uscc: r.uscc,
    kind: r.kind,
    severity: r.severity,
    title: r.title,
    decisionNumber: r.decisionNumber,
    ...(r.violationType !== undefined ? { violationType: r.violationType } : {}),
    ...(r.facts !== undefined ? { facts: r.facts } : {}),
    legalBasis: r.legalBasis,
    penaltyTypes: [...r.penaltyTypes],
    ...(r.penaltyContent !== undefined ? { penaltyContent: r.penaltyContent } : {}),
    ...(r.fineWan !== undefined ? { fineWan: r.fineWan } : {}),
    ...(r.confiscationWan !== undefined ? { confiscationWan: r.confiscationWan } : {}),
    licenceRevoked: r.licenceRevoked,
    ...(r.restrictionMonths !== undefined ? { restrictionMonths: r.restrictionMonths } : {}),
    decisionDate: r.decisionDate,
    authority: { name: r.authority.name, uscc: r.authority.uscc },
    dataSource: r.dataSource,
    publishedOn: r.publishedOn,
    publicationEnd: r.publicationEnd,
  };
}
export type PublicRecord = ReturnType<typeof toPublicRecord>;

export function isPublicListing(l: Listing): boolean {
  return l.status === 'active';
}

/** A current entry of the punishment or incentive list. */
export function toPublicListing(l: Listing) {
  return {
    id: l.id,
    listType: l.listType,
    uscc: l.uscc,
    enterpriseName: l.enterpriseName,
    grounds: l.grounds,
    legalBasis: l.legalBasis,
    measures: [...l.measures],
    decidingAuthority: l.decidingAuthority,
    startDate: l.startDate,
    endDate: l.endDate,
    ...(l.earliestRemovalFrom ? { earliestRemovalFrom: l.earliestRemovalFrom } : {}),
  };
}
export type PublicListing = ReturnType<typeof toPublicListing>;

/** The enterprise profile: who it is, its class with reasons, current listings, published records. */
export function toPublicProfile(e: Enterprise, records: readonly CreditRecord[], listings: readonly Listing[]) {
  return {
    ...toPublicEnterprise(e),
    listings: listings.filter(isPublicListing).map(toPublicListing),
    records: records.filter(isPublicRecord).map(toPublicRecord),
  };
}
export type PublicProfile = ReturnType<typeof toPublicProfile>;
