/**
 * The snapshot job: write every snapshot file (enterprises, records, listings × CSV, JSON Lines)
 * and a manifest, stamped with the ledger seq read before the first row. In the cloud the files go
 * to the snapshots bucket, which CloudFront serves under /snapshots/ — the way out for registers
 * whose exports outgrow a Lambda response (6 MB). The bytes are exactly those of
 * `GET /v1/exports/{file}` at the same seq (the same generator produces both).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SNAPSHOT_DATASETS, SNAPSHOT_ENTITY, SNAPSHOT_FORMATS, SNAPSHOT_MEDIA_TYPES, snapshotText } from '../../shared/public/snapshots.ts';
import type { Db } from '../../shared/store/db.ts';
import { readExportPages } from '../../shared/store/open-data.ts';
import { readHead } from '../../shared/store/reads.ts';
import { log } from '../../shared/log.ts';

/** Where snapshot files go: a folder locally, the snapshots bucket in the cloud. */
export interface SnapshotSink {
  write(key: string, body: AsyncIterable<Uint8Array>, contentType: string): Promise<void>;
}

/** Files in a folder, each written under a temporary name and renamed when complete. */
export function folderSink(root: string): SnapshotSink {
  return {
    async write(key, body) {
      const path = join(root, key);
      await mkdir(dirname(path), { recursive: true });
      await pipeline(Readable.from(body), createWriteStream(`${path}.partial`));
      await rename(`${path}.partial`, path);
    },
  };
}

/** Objects in S3, uploaded in parts as they are produced (memory stays at a few parts). */
export function s3Sink(client: S3Client, bucket: string): SnapshotSink {
  return {
    async write(key, body, contentType) {
      await new Upload({ client, params: { Bucket: bucket, Key: key, Body: Readable.from(body), ContentType: contentType, CacheControl: 'public, max-age=300' } }).done();
    },
  };
}

async function* counted(chunks: AsyncIterable<string>, tally: { bytes: number; sha256: ReturnType<typeof createHash> }): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const chunk of chunks) {
    const bytes = encoder.encode(chunk);
    tally.bytes += bytes.byteLength;
    tally.sha256.update(bytes);
    yield bytes;
  }
}

export async function runSnapshots(db: Db, sink: SnapshotSink, prefix = 'snapshots') {
  const head = await readHead(db);
  const files: { file: string; bytes: number; sha256: string }[] = [];
  for (const dataset of SNAPSHOT_DATASETS) {
    for (const format of SNAPSHOT_FORMATS) {
      const file = `${dataset}.${format}`;
      const tally = { bytes: 0, sha256: createHash('sha256') };
      const text = snapshotText(dataset, format, head, readExportPages(db, SNAPSHOT_ENTITY[dataset]));
      await sink.write(`${prefix}/${file}`, counted(text, tally), SNAPSHOT_MEDIA_TYPES[format]);
      files.push({ file, bytes: tally.bytes, sha256: tally.sha256.digest('hex') });
    }
  }
  // Written last: a manifest names only files that are complete.
  const manifest = { seq: head.seq, hash: head.hash, writtenAt: new Date().toISOString(), licence: 'CC-BY-4.0', files };
  await sink.write(`${prefix}/manifest.json`, (async function* () {
    yield new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  })(), 'application/json');
  const summary = { job: 'snapshots', seq: head.seq, files: files.map((f) => `${f.file} ${f.bytes} B`) };
  log('info', 'job finished', summary);
  return manifest;
}
