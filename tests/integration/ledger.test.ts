/**
 * The ledger on real DynamoDB Local: all-or-nothing writes, stored events and the items a change
 * writes beside them. Its behaviour under concurrency is in concurrency.test.ts.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { commit } from '../../shared/store/ledger.ts';
import { publishBatch, publishRecord, registerEnterprise } from '../../shared/store/publishing.ts';
import { readEnterpriseFile, readEvents, readHead } from '../../shared/store/reads.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { actor, penalty } from '../support/fixtures.ts';

let db: CountedDb;
beforeEach(async () => {
  db = await freshDb();
});

/** A valid USCC numbered n, for making many enterprises. */
const uscc = (n: number) => withCheckCharacter(`91330106MA${String(n).padStart(7, '0')}`);

describe('all or nothing', () => {
  it('writes nothing when the command refuses (a warning-only penalty is not published)', async () => {
    await registerEnterprise(db, { uscc: uscc(3), checkDigitValid: true, name: '杭州警告有限公司', district: '330106' }, { actor });
    const before = await readHead(db);
    await expect(publishRecord(db, penalty(uscc(3), { penaltyTypes: ['warning'], fineWan: undefined }), { actor })).rejects.toMatchObject({ code: 'record.not-publishable' });
    expect(await readHead(db)).toEqual(before);
    expect((await readEnterpriseFile(db, uscc(3))).records).toEqual([]);
  });

  it('commits once when the answer to a committed transaction is lost and the SDK resends it', async () => {
    await registerEnterprise(db, { uscc: uscc(4), checkDigitValid: true, name: '杭州重发有限公司', district: '330106' }, { actor });
    const before = await readHead(db);
    // Inside the SDK's retry loop: the first transaction reaches DynamoDB and commits, then its
    // answer is "lost" as a timeout would lose it, so the SDK sends it again — with the same
    // ClientRequestToken, which DynamoDB answers as done. Without it, our own head condition would
    // cancel the resend and the publish would be replanned, and refused, as a duplicate.
    let lost = 0;
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'TransactWriteItemsCommand' && lost++ === 0) throw Object.assign(new Error('answer lost'), { name: 'TimeoutError' });
        return out;
      },
      { step: 'deserialize', name: 'loseFirstAnswer' },
    );
    db.resetRequests();

    const { event, record } = await publishRecord(db, penalty(uscc(4)), { actor });

    expect(lost).toBe(2); // sent twice, one commit
    expect(event?.seq).toBe(before.seq + 1);
    expect((await readHead(db)).seq).toBe(before.seq + 1);
    expect((await readEnterpriseFile(db, uscc(4))).records.map((r) => r.id)).toEqual([record.id]);
  });

  it('refuses a change too large for one transaction before writing anything', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => ({
      enterprise: { uscc: uscc(100 + i), checkDigitValid: true, name: `杭州批量${i}有限公司`, district: '330106' },
      records: [penalty(uscc(100 + i), { decisionNumber: `批量〔2026〕${i}号` })],
      listings: [],
    }));
    await expect(publishBatch(db, 'import.batch', batch, { actor })).rejects.toMatchObject({ code: 'ledger.too-large' });
    expect((await readHead(db)).seq).toBe(0);
  });

  it('publishes a batch of many enterprises as one event in one transaction', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({
      enterprise: { uscc: uscc(200 + i), checkDigitValid: true, name: `杭州批量${i}有限公司`, district: '330106' },
      records: [penalty(uscc(200 + i), { decisionNumber: `批量〔2026〕${i}号` })],
      listings: [],
    }));
    db.resetRequests();
    const { event } = await publishBatch(db, 'import.batch', batch, { actor });
    expect(db.requests.filter((r) => r === 'TransactWriteItemsCommand')).toHaveLength(1);
    expect(event?.seq).toBe(1);
    // One registration (carrying the final class) and one record per enterprise.
    expect(event?.changes).toHaveLength(40);
    expect(event?.changes.filter((c) => c.entity === 'enterprise').every((c) => c.action === 'registered')).toBe(true);
    const file = await readEnterpriseFile(db, uscc(205));
    expect(file.enterprise?.classification.class).toBe('C');
    expect(file.enterprise?.version).toBe(1);
  });

  it('records an invisible change without a ledger event', async () => {
    const input = { uscc: uscc(4), checkDigitValid: true, name: '杭州内部字段有限公司', district: '330106' };
    await registerEnterprise(db, input, { actor });
    const { event, enterprise } = await registerEnterprise(db, { ...input, contactPhone: '13900000000' }, { actor });
    expect(event).toBeNull();
    expect(enterprise.version).toBe(2);
    expect((await readHead(db)).seq).toBe(1);
    expect((await readEnterpriseFile(db, uscc(4))).enterprise?.contactPhone).toBe('13900000000');
  });

  it('gives up with ledger.busy rather than spinning for ever', async () => {
    let calls = 0;
    // A plan that always loses: it expects version 5 of an enterprise that does not exist.
    const plan = async () => {
      calls++;
      const file = await readEnterpriseFile(db, uscc(5));
      expect(file.enterprise).toBeNull();
      const ghost = { uscc: uscc(5), checkDigitValid: true, name: '杭州幽灵有限公司', district: '330106', classification: { class: 'B' as const, reasons: [], ruleVersion: 'x' }, version: 5, createdAt: '', updatedAt: '' };
      return { draft: { type: 'test', changes: [] }, outcomes: [{ before: null, enterprise: ghost, records: [], listings: [], changes: [] }] };
    };
    await expect(commit(db, plan, { maxAttempts: 3 })).rejects.toMatchObject({ code: 'ledger.busy' });
    expect(calls).toBe(3);
  });
});

describe('stored events', () => {
  it('are stored exactly as served, and the head names the last one', async () => {
    await registerEnterprise(db, { uscc: uscc(6), checkDigitValid: true, name: '杭州存储有限公司', district: '330106' }, { actor });
    const [event] = await readEvents(db, 0, 10);
    const head = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: 'LEDGER' }, SK: { S: 'HEAD' } } }));
    expect(head.Item?.hash?.S).toBe(event?.hash);
    expect(event).toMatchObject({ seq: 1, type: 'enterprise.registered', prevHash: '0'.repeat(64) });
    expect(event?.changes[0]).toMatchObject({ entity: 'enterprise', id: uscc(6), action: 'registered' });
  });
});

describe('name alias items', () => {
  it('carry no personal or internal field, and are removed when the name loses its place words', async () => {
    const input = {
      uscc: uscc(7),
      checkDigitValid: true,
      name: '杭州西湖别名测试有限公司',
      district: '330106',
      legalRepresentative: { name: '李示例', idNumber: '330106199202023456' },
      contactPhone: '13700000000',
      riskClass: 'C' as const,
    };
    await registerEnterprise(db, input, { actor });
    const alias = async (n: number) =>
      (await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: `ENT#${uscc(7)}` }, SK: { S: `#ALIAS#${n}` } } }))).Item;
    const first = await alias(1);
    expect(first?.GSI2SK?.S).toBe(`西湖别名测试有限公司#${uscc(7)}`);
    expect((await alias(2))?.GSI2SK?.S).toBe(`别名测试有限公司#${uscc(7)}`);
    const text = JSON.stringify([first, await alias(2)]);
    for (const secret of ['330106199202023456', '13700000000', 'riskClass', 'contactPhone']) expect(text).not.toContain(secret);

    await registerEnterprise(db, { ...input, name: '别名测试有限公司' }, { actor });
    expect(await alias(1)).toBeUndefined();
    expect(await alias(2)).toBeUndefined();
  });
});
