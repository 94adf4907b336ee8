/**
 * Stored items ⇄ domain entities. Items are the entity's fields plus key attributes and an
 * `entity` tag; the tag and keys are stripped on the way out.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CreditRecord, Enterprise, EnterpriseFile, Listing } from '../register/model.ts';
import { KEY_ATTRIBUTES } from './table.ts';
import { aliasKeys, enterpriseKeys, listingKeys, recordKeys } from './keys.ts';

export type Item = Record<string, AttributeValue>;
export type EntityTag = 'enterprise' | 'alias' | 'record' | 'listing' | 'event' | 'head' | 'audit' | 'idempotency' | 'repair' | 'repair-lock' | 'config' | 'stats';

const keyAttributes = new Set<string>([...KEY_ATTRIBUTES, 'entity']);

export function toItem(tag: EntityTag, keys: Record<string, string>, entity: object): Item {
  return marshall({ ...entity, ...keys, entity: tag }, { removeUndefinedValues: true, convertClassInstanceToMap: false });
}

export function fromItem<T>(item: Item): T {
  const plain = unmarshall(item);
  for (const k of keyAttributes) delete plain[k];
  return plain as T;
}

export const tagOf = (item: Item) => item.entity?.S as EntityTag | undefined;

export const enterpriseItem = (e: Enterprise) => toItem('enterprise', enterpriseKeys(e), e);
export const recordItem = (r: CreditRecord) => toItem('record', recordKeys(r), r);
export const listingItem = (l: Listing) => toItem('listing', listingKeys(l), l);
/**
 * Alias items carry what a search result shows and filters on — never the personal or internal
 * fields of the enterprise item (ID number, phone, risk class).
 */
export function aliasItems(e: Enterprise): Item[] {
  const { contactPhone: _phone, riskClass: _risk, legalRepresentative, ...rest } = e;
  const copy: Enterprise = { ...rest, ...(legalRepresentative ? { legalRepresentative: { name: legalRepresentative.name } } : {}) };
  return aliasKeys(e).map((keys) => toItem('alias', keys, copy));
}

/** Sort the items of one enterprise's collection into its file. */
export function toFile(items: Item[]): EnterpriseFile {
  const file: EnterpriseFile = { enterprise: null, records: [], listings: [] };
  for (const item of items) {
    switch (tagOf(item)) {
      case 'enterprise':
        file.enterprise = fromItem<Enterprise>(item);
        break;
      case 'record':
        file.records.push(fromItem<CreditRecord>(item));
        break;
      case 'listing':
        file.listings.push(fromItem<Listing>(item));
        break;
      default:
        break;
    }
  }
  return file;
}
