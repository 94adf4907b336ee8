/**
 * Read an Atom document back as a feed reader would: first a well-formedness check by an XML
 * validator, then a parser that decodes entities (fast-xml-parser, not the builder that wrote it).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'entry' || name === 'link',
});

const textOf = (node: unknown): string | undefined => (node === undefined ? undefined : typeof node === 'string' ? node : (node as { '#text'?: string })['#text'] ?? '');

export function parseAtom(xml: string) {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid)}`);
  const feed = parser.parse(xml).feed as Record<string, any>;
  const links = (feed.link ?? []) as Record<string, string>[];
  return {
    namespace: feed['@_xmlns'] as string,
    lang: feed['@_xml:lang'] as string,
    id: textOf(feed.id),
    title: textOf(feed.title),
    archive: 'fh:archive' in feed && feed['@_xmlns:fh'] === 'http://purl.org/syndication/history/1.0',
    links: Object.fromEntries(links.map((l) => [l['@_rel'], l['@_href']])) as Record<string, string | undefined>,
    entries: ((feed.entry ?? []) as Record<string, any>[]).map((e) => ({
      id: textOf(e.id) as string,
      title: textOf(e.title) as string,
      updated: textOf(e.updated),
      summary: textOf(e.summary) as string,
      category: e.category?.['@_term'] as string | undefined,
      contentSrc: e.content?.['@_src'] as string | undefined,
    })),
  };
}
