/**
 * The snapshot job writes exactly what GET /v1/exports serves at the same ledger seq, plus a
 * manifest; in the cloud it uploads to S3 (S3 itself cannot run here: its client is stubbed at
 * the transport, everything above it is real).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app.ts';
import { folderSink, runSnapshots, s3Sink } from '../../functions/jobs/snapshots.ts';
import { SNAPSHOT_FILES } from '../../shared/public/snapshots.ts';
import { readHead } from '../../shared/store/reads.ts';
import { freshDb, type CountedDb } from '../support/db.ts';
import { SECRETS, seedFixtures } from '../support/fixtures.ts';

let db: CountedDb;
beforeAll(async () => {
  db = await freshDb();
  await seedFixtures(db);
});

describe('the snapshot job', () => {
  it('writes every file, byte for byte what the export route serves at that seq, and a manifest naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hz-snapshots-'));
    const manifest = await runSnapshots(db, folderSink(dir));
    expect(manifest.seq).toBe((await readHead(db)).seq);
    expect(manifest.files.map((f) => f.file).sort()).toEqual([...SNAPSHOT_FILES].sort());
    const app = createPublicApp({ db });
    for (const { file, sha256, bytes } of manifest.files) {
      const written = await readFile(join(dir, 'snapshots', file));
      expect(createHash('sha256').update(written).digest('hex')).toBe(sha256);
      expect(written.byteLength).toBe(bytes);
      const served = Buffer.from(await (await app.request(`/v1/exports/${file}`)).arrayBuffer());
      expect(served.equals(written)).toBe(true);
      for (const secret of [SECRETS.idNumber, SECRETS.phone, SECRETS.internalNote]) expect(written.toString('utf8')).not.toContain(secret);
    }
    expect(JSON.parse(await readFile(join(dir, 'snapshots', 'manifest.json'), 'utf8'))).toMatchObject({ seq: manifest.seq, licence: 'CC-BY-4.0' });
  });

  it('uploads each file to the snapshots bucket under snapshots/', async () => {
    const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const uploads: { key: string; type: string; bytes: number }[] = [];
    client.middlewareStack.add(
      () => async (args) => {
        const input = args.input as { Key: string; ContentType: string; Body: unknown };
        // A small file goes up in one PutObject with the bytes gathered; a large one in parts.
        let bytes = 0;
        if (input.Body instanceof Uint8Array) bytes = input.Body.byteLength;
        else for await (const chunk of input.Body as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        uploads.push({ key: input.Key, type: input.ContentType, bytes });
        return { output: { $metadata: {}, ETag: '"stub"' } as never, response: {} };
      },
      { step: 'initialize', name: 'stubS3' },
    );
    const manifest = await runSnapshots(db, s3Sink(client, 'bucket'));
    expect(uploads.map((u) => u.key).sort()).toEqual([...SNAPSHOT_FILES.map((f) => `snapshots/${f}`), 'snapshots/manifest.json'].sort());
    expect(uploads.find((u) => u.key === 'snapshots/records.csv')).toMatchObject({ type: 'text/csv; charset=utf-8; header=present', bytes: manifest.files.find((f) => f.file === 'records.csv')?.bytes });
  });
});
