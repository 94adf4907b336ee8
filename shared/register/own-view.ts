/**
 * What an enterprise sees about itself: everything the public sees, plus what it does not — its
 * records and list entries in every status with their history, its own registration details and
 * its repair applications. Never the officials' internal notes or the internal credit-risk class
 * (国市监信发〔2022〕6号: used only to allocate inspections).
 */
import type { CreditRecord, EnterpriseFile, Listing } from './model.ts';
import type { RepairRequest } from './repair-requests.ts';
import { toPublicClassification } from '../public/projection.ts';

const withoutInternals = <T extends { internalNote?: string }>({ internalNote: _note, ...rest }: T) => rest;

export function toOwnView(file: EnterpriseFile, requests: readonly RepairRequest[]) {
  const e = file.enterprise;
  if (!e) return null;
  const { riskClass: _risk, classification, ...details } = e;
  return {
    enterprise: { ...details, classification: toPublicClassification(classification) },
    records: file.records.map((r: CreditRecord) => withoutInternals(r)),
    listings: file.listings.map((l: Listing) => withoutInternals(l)),
    repairRequests: requests.map((r) => ({ id: r.id, target: r.target, status: r.status, submittedOn: r.submittedOn, due: r.due, ruleSet: r.ruleSet })),
  };
}
