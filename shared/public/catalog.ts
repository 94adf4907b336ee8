/**
 * The data catalogue: DCAT 3 (W3C) in JSON-LD, in the shape DCAT-AP portals harvest. It lists
 * every dataset the register publishes and every way to get it — snapshot files, the API, the
 * change feed, Atom feeds, signed checkpoints — with licence, publisher, update frequency, the
 * ledger position it describes, and SHA-256 checksums of snapshot files where they are known.
 * CSV distributions carry their column schema in CSVW terms (names, zh-CN titles, datatypes).
 */
import type { LedgerHead } from '../store/reads.ts';
import { PUBLISHER, REGISTER_TITLE } from './atom.ts';
import { CSV_COLUMNS, DATA_LICENCE, SNAPSHOT_MEDIA_TYPES, type SnapshotDataset, type SnapshotFormat } from './snapshots.ts';

const IANA = 'https://www.iana.org/assignments/media-types/';
/** EU frequency authority table (DCAT-AP): updated continuously. */
const CONTINUOUS = 'http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT';
/** GeoNames: 杭州市. */
const HANGZHOU = 'https://sws.geonames.org/1808926/';

export interface CatalogInput {
  /** Absolute origin of the API, e.g. `https://example.org`. */
  origin: string;
  head: LedgerHead;
  /** First day the register answers "as of" queries for. */
  registerBegan?: string;
  /** The SHA-256 and size of a snapshot file at the current head, when known. */
  checksumOf: (file: string) => { sha256: string; bytes: number } | undefined;
}

const text = (zh: string, en: string) => [
  { '@language': 'zh-CN', '@value': zh },
  { '@language': 'en', '@value': en },
];

const DATASETS: Record<SnapshotDataset, { zh: string; en: string; descZh: string; descEn: string; keywords: string[] }> = {
  enterprises: {
    zh: '企业质量信用分类',
    en: 'Enterprises and their quality-credit class',
    descZh: '登记簿中的全部企业及其质量信用分类（含分类理由、规则版本与人工调整）。',
    descEn: 'Every enterprise in the register with its quality-credit class, reasons, rule version and any override.',
    keywords: ['质量信用', '信用分类', 'quality credit'],
  },
  records: {
    zh: '公示中的质量信用记录',
    en: 'Published quality-credit records',
    descZh: '公示期内的行政处罚、监督抽查不合格及质量奖励等信用记录，字段对应“双公示”行政处罚数据标准。',
    descEn: 'Administrative penalties, failed spot checks and quality awards within their publication period, in the fields of the national penalty disclosure schema.',
    keywords: ['行政处罚', '双公示', 'administrative penalty'],
  },
  listings: {
    zh: '严重违法失信名单与守信激励名单',
    en: 'Punishment and incentive list entries',
    descZh: '现行的严重违法失信名单与守信激励名单条目，含列入事由、依据、措施与期限。',
    descEn: 'Current entries of the serious-violation (punishment) list and the incentive list, with grounds, basis, measures and dates.',
    keywords: ['严重违法失信名单', '红名单', 'blacklist', 'incentive list'],
  },
};

export function buildCatalog(input: CatalogInput) {
  const url = (path: string) => new URL(path, input.origin).toString();
  const licence = { '@id': DATA_LICENCE.url };
  const publisher = { '@type': 'foaf:Agent', 'foaf:name': text(PUBLISHER.zh, PUBLISHER.en) };
  const common = { 'dct:license': licence, 'dct:publisher': publisher, 'dct:accrualPeriodicity': { '@id': CONTINUOUS }, 'dct:spatial': { '@id': HANGZHOU }, 'dct:language': 'zh-CN' };

  const snapshot = (dataset: SnapshotDataset, format: SnapshotFormat) => {
    const file = `${dataset}.${format}`;
    const checksum = input.checksumOf(file);
    return {
      '@id': url(`/v1/exports/${file}`),
      '@type': 'dcat:Distribution',
      'dct:title': text(`${DATASETS[dataset].zh}（${format === 'csv' ? 'CSV' : 'JSON Lines'} 全量快照）`, `${DATASETS[dataset].en} (${format === 'csv' ? 'CSV' : 'JSON Lines'} snapshot)`),
      'dcat:downloadURL': { '@id': url(`/v1/exports/${file}`) },
      'dcat:accessURL': { '@id': url(`/v1/exports/${file}`) },
      'dct:format': format === 'csv' ? 'CSV' : 'JSONL',
      // JSON Lines has no IANA registration yet: its media type is given as text only.
      ...(format === 'csv' ? { 'dcat:mediaType': { '@id': `${IANA}text/csv` } } : { 'hzqc:mediaType': SNAPSHOT_MEDIA_TYPES.jsonl }),
      'dct:license': licence,
      ...(checksum
        ? {
            'dcat:byteSize': { '@type': 'xsd:nonNegativeInteger', '@value': String(checksum.bytes) },
            'spdx:checksum': { '@type': 'spdx:Checksum', 'spdx:algorithm': { '@id': 'spdx:checksumAlgorithm_sha256' }, 'spdx:checksumValue': checksum.sha256 },
            'hzqc:ledgerSeq': input.head.seq,
          }
        : {}),
      ...(format === 'csv'
        ? {
            'csvw:tableSchema': {
              'csvw:column': (CSV_COLUMNS[dataset] as readonly { name: string; titleZh: string; datatype: string }[]).map((col) => ({
                'csvw:name': col.name,
                'csvw:title': { '@language': 'zh-CN', '@value': col.titleZh },
                'csvw:datatype': col.datatype,
              })),
            },
          }
        : {}),
    };
  };

  const dataset = (name: SnapshotDataset, extra: object[]) => ({
    '@id': url(`/v1/catalog#${name}`),
    '@type': 'dcat:Dataset',
    'dct:identifier': name,
    'dct:title': text(DATASETS[name].zh, DATASETS[name].en),
    'dct:description': text(DATASETS[name].descZh, DATASETS[name].descEn),
    'dcat:keyword': DATASETS[name].keywords,
    ...common,
    'dcat:distribution': [snapshot(name, 'csv'), snapshot(name, 'jsonl'), ...extra],
  });

  const api = (path: string, zh: string, en: string, mediaType: string) => ({
    '@id': url(path),
    '@type': 'dcat:Distribution',
    'dct:title': text(zh, en),
    'dcat:accessURL': { '@id': url(path) },
    'dcat:mediaType': { '@id': `${IANA}${mediaType}` },
    'dct:license': licence,
  });
  const atom = (feed: string, zh: string, en: string) => api(`/v1/feeds/${feed}.atom`, zh, en, 'application/atom+xml');

  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      spdx: 'http://spdx.org/rdf/terms#',
      csvw: 'http://www.w3.org/ns/csvw#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      // The register's own terms: the ledger position a document or checksum describes.
      hzqc: url('/v1/catalog#'),
    },
    '@id': url('/v1/catalog'),
    '@type': 'dcat:Catalog',
    'dct:title': text(REGISTER_TITLE.zh, REGISTER_TITLE.en),
    'dct:description': text(
      '依据《杭州市质量促进办法》（市政府令第327号）第二十三条公开的质量监管信用信息、严重违法失信名单与守信激励名单、质量信用分类。全部变更记入哈希链账本，并定期以 Ed25519 签名检查点。',
      'Quality-supervision credit information, the punishment and incentive lists and quality-credit classes published under Art. 23 of the Hangzhou Quality Promotion Measures. Every change is written to a hash-chained ledger, checkpointed with Ed25519 signatures.',
    ),
    ...common,
    'foaf:homepage': { '@id': url('/docs') },
    'dct:modified': input.head.at ? { '@type': 'xsd:dateTime', '@value': input.head.at } : null,
    ...(input.registerBegan ? { 'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': { '@type': 'xsd:date', '@value': input.registerBegan } } } : {}),
    'hzqc:ledgerSeq': input.head.seq,
    'hzqc:ledgerHash': input.head.hash,
    'dcat:dataset': [
      dataset('enterprises', [api('/v1/enterprises', '企业查询接口', 'Enterprise search API', 'application/json')]),
      dataset('records', []),
      dataset('listings', [
        api('/v1/lists/punishment', '严重违法失信名单接口', 'Punishment list API', 'application/json'),
        api('/v1/lists/incentive', '守信激励名单接口', 'Incentive list API', 'application/json'),
        atom('punishment', '严重违法失信名单 Atom 订阅', 'Punishment list Atom feed'),
        atom('incentive', '守信激励名单 Atom 订阅', 'Incentive list Atom feed'),
      ]),
      {
        '@id': url('/v1/catalog#ledger'),
        '@type': 'dcat:Dataset',
        'dct:identifier': 'ledger',
        'dct:title': text('公示变更账本', 'Ledger of published changes'),
        'dct:description': text(
          '每一项公示变更（含撤销、期满、修复、移出的理由），按序号连续排列、永久保留，SHA-256 哈希链相连，并附 Ed25519 签名检查点（公钥见 JWKS）。',
          'Every published change (with the reason for removals), gapless, ordered and kept for good, linked by a SHA-256 hash chain, with Ed25519-signed checkpoints (public keys in the JWKS).',
        ),
        ...common,
        'dcat:distribution': [
          api('/v1/changes', '变更流（JSON，按序号分页）', 'Change feed (JSON, paged by seq)', 'application/json'),
          atom('all', '全部变更 Atom 订阅', 'All changes, Atom feed'),
          api('/v1/checkpoints/latest', '最新签名检查点', 'Latest signed checkpoint', 'application/json'),
          api('/v1/checkpoints/keys', '检查点公钥（JWKS）', 'Checkpoint public keys (JWKS)', 'application/jwk-set+json'),
        ],
      },
    ],
    'dcat:service': {
      '@id': url('/openapi.json#service'),
      '@type': 'dcat:DataService',
      'dct:title': text('质量信用信息公开接口', 'Quality-credit disclosure API'),
      'dcat:endpointURL': { '@id': url('/') },
      'dcat:endpointDescription': { '@id': url('/openapi.json') },
      'dct:license': licence,
      'dcat:servesDataset': ['enterprises', 'records', 'listings', 'ledger'].map((d) => ({ '@id': url(`/v1/catalog#${d}`) })),
    },
  };
}
