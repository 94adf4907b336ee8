/**
 * Rule configuration officials may change without a deploy (DOMAIN.md: values marked uncertain).
 * One item per kind of configuration, versioned for If-Match, every change audited.
 */
import { GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { Problem } from '../errors.ts';
import type { LedgerEvent } from '../ledger/event.ts';
import { REPAIR_RULE_SETS, withOverrides, type RepairRuleSet, type RuleSetOverride } from '../rules/repair.ts';
import type { Db } from './db.ts';
import { fromItem, toItem } from './items.ts';
import { commit } from './ledger.ts';

const KEY = { PK: 'CONFIG', SK: 'repair-rules' };

export interface RepairRuleConfig {
  overrides: Record<string, RuleSetOverride>;
  version: number;
  updatedAt: string | null;
}

export async function readRepairRuleConfig(db: Db): Promise<RepairRuleConfig> {
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: KEY.PK }, SK: { S: KEY.SK } }, ConsistentRead: true }));
  return out.Item ? fromItem<RepairRuleConfig>(out.Item) : { overrides: {}, version: 0, updatedAt: null };
}

/** The repair rule sets in force: the versioned defaults with officials' overrides. */
export async function effectiveRepairRuleSets(db: Db): Promise<RepairRuleSet[]> {
  return withOverrides((await readRepairRuleConfig(db)).overrides);
}

export async function writeRepairRuleConfig(
  db: Db,
  overrides: Record<string, RuleSetOverride>,
  expectedVersion: number,
  options: { now?: () => Date; extras?: (event: LedgerEvent | null, config: RepairRuleConfig) => TransactWriteItem[] },
): Promise<RepairRuleConfig> {
  const unknown = Object.keys(overrides).filter((id) => !REPAIR_RULE_SETS.some((s) => s.id === id));
  if (unknown.length) {
    throw new Problem('request.invalid', `Unknown rule set(s): ${unknown.join(', ')}.`, { errors: [{ in: 'body', field: 'overrides', code: 'unknown-rule-set', detail: `one of ${REPAIR_RULE_SETS.map((s) => s.id).join(', ')}` }] });
  }
  const now = options.now ?? (() => new Date());
  let written: RepairRuleConfig | undefined;
  await commit(db, async () => {
    const current = await readRepairRuleConfig(db);
    if (current.version !== expectedVersion) throw new Problem('precondition.failed', `The configuration is at version ${current.version}, not ${expectedVersion}.`);
    const next: RepairRuleConfig = { overrides, version: current.version + 1, updatedAt: now().toISOString() };
    written = next;
    return {
      draft: { type: 'config.changed', changes: [] },
      outcomes: [],
      writes: [
        {
          Put: {
            TableName: db.tableName,
            Item: toItem('config', KEY, next),
            ...(current.version === 0
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': { N: String(current.version) } } }),
          },
        },
      ],
      ...(options.extras ? { extras: (e: LedgerEvent | null) => options.extras?.(e, next) ?? [] } : {}),
    };
  });
  return written as RepairRuleConfig;
}
