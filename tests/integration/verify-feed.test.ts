/**
 * The verifier (infra/tools/verify-feed.ts) against the public app served over HTTP inside this
 * process (TOOLCHAIN gotcha 9), on real DynamoDB Local: a clean register verifies; a resumed run
 * checks only what is new; an event tampered with in the table, a history rewritten consistently
 * after a signed checkpoint, and a forged checkpoint signature are each caught at the right seq.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCheckpoint } from '../../functions/jobs/checkpoints.ts';
import { createPublicApp } from '../../functions/public/app.ts';
import { generateSigningKey, signCheckpoint, type Checkpoint } from '../../shared/ledger/checkpoint.ts';
import { eventHash, type LedgerEvent } from '../../shared/ledger/event.ts';
import { CHECKPOINT_PK, checkpointSk } from '../../shared/store/checkpoints.ts';
import type { Db } from '../../shared/store/db.ts';
import { eventSk, HEAD_SK, LEDGER_PK } from '../../shared/store/keys.ts';
import { publishRecord, registerEnterprise } from '../../shared/store/publishing.ts';
import { readEvents, readHead } from '../../shared/store/reads.ts';
import { withCheckCharacter } from '../../shared/rules/uscc.ts';
import { main, verdictLine, verifyFeed } from '../../infra/tools/verify-feed.ts';
import { freshDb } from '../support/db.ts';
import { actor, E, penalty, seedFixtures } from '../support/fixtures.ts';

const servers: { close: () => void }[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** The public app on a free port of this process; its base URL. */
async function served(db: Db): Promise<string> {
  const app = createPublicApp({ db, openData: { tagAuthority: 'test.example' } });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    servers.push(server);
  });
}

/** A register with history and a signed checkpoint at its head. */
async function register() {
  const db = await freshDb();
  await seedFixtures(db);
  const signer = generateSigningKey().signer;
  await issueCheckpoint({ db, signer });
  return { db, signer, baseUrl: await served(db) };
}

/** Overwrite a stored event's body, as someone with write access to the table could. */
async function overwriteEvent(db: Db, event: LedgerEvent): Promise<void> {
  await db.client.send(
    new UpdateItemCommand({
      TableName: db.tableName,
      Key: { PK: { S: LEDGER_PK }, SK: { S: eventSk(event.seq) } },
      UpdateExpression: 'SET body = :body',
      ExpressionAttributeValues: { ':body': { S: JSON.stringify(event) } },
    }),
  );
}

async function storedEvent(db: Db, seq: number): Promise<LedgerEvent> {
  const out = await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { PK: { S: LEDGER_PK }, SK: { S: eventSk(seq) } } }));
  return JSON.parse(out.Item?.body?.S as string) as LedgerEvent;
}

/** Run the command-line tool in a child process, as `npm run -s verify-feed -- …` does. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/tools/verify-feed.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a register nobody tampered with', () => {
  let ctx: Awaited<ReturnType<typeof register>>;
  beforeAll(async () => {
    ctx = await register();
  });

  it('verifies every event and the signed checkpoint', async () => {
    const { verdict } = await verifyFeed(ctx.baseUrl, { pageSize: 4 });
    const head = await readHead(ctx.db);
    expect(verdict).toMatchObject({ status: 'ok', from: 0, seq: head.seq, hash: head.hash, events: head.seq, checkpoint: { seq: head.seq } });
    expect(verdictLine(verdict)).toMatch(new RegExp(`^OK: ${head.seq} events verified \\(seq 1–${head.seq}\\), chain intact`));
  });

  it('runs from the command line, prints progress and one verdict line, and resumes from its saved position', async () => {
    // Act 1: from genesis, saving the position.
    const state = join(mkdtempSync(join(tmpdir(), 'verify-')), 'state.json');
    const first = await cli([ctx.baseUrl, '--state', state]);
    const head1 = await readHead(ctx.db);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    expect(first.stdout).toMatch(/^OK: /);
    expect(first.stderr).toContain('replaying the feed from genesis');
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ seq: head1.seq, hash: head1.hash });

    // Act 2: three new events and a new checkpoint, then resume.
    await publishRecord(ctx.db, penalty(E.plain), { actor });
    await registerEnterprise(ctx.db, { uscc: withCheckCharacter('91330106MA0000321'), checkDigitValid: true, name: '杭州续验测试有限公司', district: '330106' }, { actor });
    await issueCheckpoint({ db: ctx.db, signer: ctx.signer });
    const second = await cli([ctx.baseUrl, '--state', state]);
    const head2 = await readHead(ctx.db);

    // Assert: only the new events were replayed.
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`resuming after seq ${head1.seq}`);
    expect(second.stdout).toContain(`${head2.seq - head1.seq} events verified (seq ${head1.seq + 1}–${head2.seq})`);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ seq: head2.seq, hash: head2.hash });
  });

  it('exits 2 with a reason when it cannot reach the register or is called wrongly', async () => {
    const { verdict } = await verifyFeed('http://127.0.0.1:9');
    expect(verdict.status).toBe('error');
    expect(verdictLine(verdict)).toMatch(/^ERROR: could not verify/);
    expect(await main([])).toBe(2);
    expect(await main(['not-a-url'])).toBe(2);
  });
});

describe('tampering', () => {
  it('catches one stored event edited in DynamoDB, at its seq', async () => {
    // Arrange: change one enterprise's name inside event 3, leaving its hash as it was.
    const ctx = await register();
    const event = await storedEvent(ctx.db, 3);
    const change = event.changes.find((c) => c.entity === 'enterprise');
    expect(change?.data).toBeTruthy();
    if (change?.data) (change.data as { name: string }).name = '杭州被篡改的名称有限公司';
    await overwriteEvent(ctx.db, event);
    // Act
    const { verdict } = await verifyFeed(ctx.baseUrl);
    const run = await cli([ctx.baseUrl, '--quiet']);
    // Assert
    expect(verdict).toMatchObject({ status: 'broken', seq: 3, verified: 2 });
    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toMatch(/^BROKEN at seq 3: its content does not match its hash/);
  });

  it('catches a history rewritten consistently after the fact: by the signed checkpoint, and by a saved position', async () => {
    // Arrange: a verifier saved its position; later, event 2 is rewritten and every hash after it
    // recomputed (and the head item), so the chain is internally consistent again.
    const ctx = await register();
    const saved = (await verifyFeed(ctx.baseUrl)).state;
    await publishRecord(ctx.db, penalty(E.plain), { actor });
    const events = await readEvents(ctx.db, 0, 1000);
    let prev = events[0]?.hash as string;
    for (const e of events.slice(1)) {
      const rewritten = { ...e, prevHash: prev, ...(e.seq === 2 ? { type: 'rewritten.history' } : {}) };
      const { hash: _old, ...unsealed } = rewritten;
      const sealed = { ...unsealed, hash: eventHash(unsealed) };
      await overwriteEvent(ctx.db, sealed);
      prev = sealed.hash;
    }
    const last = events.at(-1) as LedgerEvent;
    await ctx.db.client.send(new PutItemCommand({ TableName: ctx.db.tableName, Item: { PK: { S: LEDGER_PK }, SK: { S: HEAD_SK }, entity: { S: 'head' }, seq: { N: String(last.seq) }, hash: { S: prev }, at: { S: last.at } } }));
    // Act
    const fresh = await verifyFeed(ctx.baseUrl);
    const resumed = await verifyFeed(ctx.baseUrl, { state: saved });
    // Assert: the checkpoint signed before the rewrite names the seq it no longer matches…
    expect(fresh.verdict).toMatchObject({ status: 'broken', seq: saved.seq });
    expect(verdictLine(fresh.verdict)).toContain('the signed checkpoint says');
    // …and a mirror resuming from its saved position sees the next event not link to it.
    expect(resumed.verdict).toMatchObject({ status: 'broken', seq: saved.seq + 1 });
    expect(verdictLine(resumed.verdict)).toContain(`does not link to the hash of seq ${saved.seq}`);
  });

  it('catches a checkpoint whose signature was forged', async () => {
    // Arrange: the stored checkpoint's signature replaced by one from a key that is not published.
    const ctx = await register();
    const head = await readHead(ctx.db);
    const latest = (await (await fetch(`${ctx.baseUrl}/v1/checkpoints/latest`)).json()) as Checkpoint;
    const forged = signCheckpoint(head, new Date(latest.issuedAt), generateSigningKey().signer).signature;
    await ctx.db.client.send(
      new UpdateItemCommand({
        TableName: ctx.db.tableName,
        Key: { PK: { S: CHECKPOINT_PK }, SK: { S: checkpointSk(latest) } },
        UpdateExpression: 'SET signature = :s',
        ExpressionAttributeValues: { ':s': { S: forged } },
      }),
    );
    // Act
    const { verdict } = await verifyFeed(ctx.baseUrl);
    // Assert
    expect(verdict).toMatchObject({ status: 'broken', seq: head.seq });
    expect(verdictLine(verdict)).toContain('its Ed25519 signature is not valid');
  });
});

