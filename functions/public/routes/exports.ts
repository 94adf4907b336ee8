import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { parseSnapshotFile, SNAPSHOT_ENTITY, SNAPSHOT_FILES, SNAPSHOT_MEDIA_TYPES, snapshotText } from '../../../shared/public/snapshots.ts';
import { readExportPages } from '../../../shared/store/open-data.ts';
import { readHead } from '../../../shared/store/reads.ts';
import type { PublicDeps } from '../deps.ts';
import type { SnapshotChecksums } from '../open-data.ts';
import { problemResponses } from './problems.ts';
import { errorFields, log } from '../../../shared/log.ts';

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/exports/{file}',
  tags: ['Open data'],
  summary: 'A full snapshot: every enterprise, published record or current list entry, as CSV or JSON Lines',
  description:
    'Streamed, sorted by USCC then id, one fixed column order. The ledger seq the snapshot reflects is in `X-Ledger-Seq` and in the ' +
    'first line of the file; replaying `GET /v1/changes?after=<that seq>` over the snapshot reproduces the current register exactly. ' +
    'CSV: RFC 4180, UTF-8 with BOM, CRLF; its first line is a `#` position line, then the column names. ' +
    'JSON Lines: a `{"snapshot": …}` line, then one RFC 8785 canonical JSON object per row. Licence: CC BY 4.0.',
  request: {
    params: z.object({
      file: z
        .string()
        .max(64)
        .openapi({ param: { name: 'file', in: 'path' }, example: 'records.csv', description: `One of: ${SNAPSHOT_FILES.join(', ')}` }),
    }),
  },
  responses: {
    200: {
      description: 'The snapshot file, streamed',
      headers: z.object({
        'X-Ledger-Seq': z.string().openapi({ description: 'The ledger seq read before the first row' }),
        'X-Ledger-Hash': z.string().openapi({ description: 'The hash of event X-Ledger-Seq' }),
      }),
      content: {
        'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 CSV, UTF-8 with BOM' }) },
        'application/jsonl': { schema: z.string().openapi({ description: 'JSON Lines' }) },
      },
    },
    ...problemResponses(400),
  },
});

/** A text stream as bytes, pulled: nothing is read from DynamoDB until the client reads. */
function byteStream(chunks: AsyncGenerator<string>, hooks: { chunk: (bytes: Uint8Array) => void; end: () => Promise<void> }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) {
            await hooks.end();
            controller.close();
            return;
          }
          const bytes = encoder.encode(next.value);
          hooks.chunk(bytes);
          controller.enqueue(bytes);
        } catch (error) {
          // Abort the response: a client must see a broken transfer, never a short file that looks whole.
          log('error', 'snapshot stream failed', errorFields(error));
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // High-water mark 0: no read ahead of the client — memory stays at one page (bench/exports.ts).
    { highWaterMark: 0 },
  );
}

export function exportRoutes({ db }: PublicDeps, checksums: SnapshotChecksums) {
  return newApp().openapi(exportRoute, async (c) => {
    const { file } = c.req.valid('param');
    const name = parseSnapshotFile(file);
    if (!name) {
      const detail = `must be one of ${SNAPSHOT_FILES.join(', ')}`;
      throw new Problem('export.unknown', `No snapshot file “${file}”: it ${detail}.`, { errors: [{ in: 'path', field: 'file', code: 'unknown', detail }] });
    }
    // The head is read BEFORE the first row. Every change in the feed carries the entity's whole
    // public view after it, so replaying the feed after this seq over rows read at or after it
    // converges to the live register: a row that already shows a later change is simply
    // overwritten by that same change (README "Open data").
    const head = await readHead(db);
    const digest = createHash('sha256');
    let bytes = 0;
    const body = byteStream(snapshotText(name.dataset, name.format, head, readExportPages(db, SNAPSHOT_ENTITY[name.dataset])), {
      chunk: (b) => {
        digest.update(b);
        bytes += b.byteLength;
      },
      end: async () => {
        // Nothing changed while streaming: these bytes are what anyone gets for this file at this seq.
        if ((await readHead(db)).seq === head.seq) checksums.record(file, { seq: head.seq, sha256: digest.digest('hex'), bytes });
      },
    });
    // An ETag before the body, so the caching middleware never buffers the stream to hash it. Weak:
    // two downloads stamped with one seq are equivalent for mirroring, not always byte-identical.
    c.header('ETag', `W/"snap-${file}-${head.seq}"`);
    // A snapshot a few minutes old is as good as a fresh one: the feed after its seq brings it up to date.
    c.header('Cache-Control', 'public, max-age=300, s-maxage=300');
    if (head.at) c.header('Last-Modified', new Date(head.at).toUTCString());
    c.header('Content-Type', SNAPSHOT_MEDIA_TYPES[name.format]);
    c.header('Content-Disposition', `attachment; filename="hz-quality-credit-${name.dataset}-seq${head.seq}.${name.format}"`);
    c.header('X-Ledger-Seq', String(head.seq));
    c.header('X-Ledger-Hash', head.hash);
    c.header('Link', '</v1/catalog>; rel="describedby"');
    return c.body(body, 200);
  });
}
