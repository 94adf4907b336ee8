/**
 * A self-contained API reference page rendered from the OpenAPI document: no script, no assets
 * from another origin, readable on a phone.
 */
import { html, raw } from 'hono/html';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: unknown[] } }[];
  responses?: Record<string, { description?: string }>;
}

export interface DocsInput {
  info: { title: string; version: string; description?: string };
  paths?: object;
}

export function renderDocs(doc: DocsInput) {
  const ops = Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(ops.map((o) => o.op.tags?.[0] ?? 'Other'))];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} — API reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a}
code{background:#f2f2f2;padding:0 .2em;border-radius:3px}
section{border-top:1px solid #ddd;padding:.5rem 0}
.m{display:inline-block;min-width:3.5em;font-weight:700;color:#0b5394}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
</style>
</head>
<body>
<header><h1>${doc.info.title}</h1><p>Version ${doc.info.version}. Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${doc.info.description ? html`<p>${doc.info.description}</p>` : ''}</header>
<main>
${tags.map(
  (tag) => html`<h2>${tag}</h2>
${ops
  .filter((o) => (o.op.tags?.[0] ?? 'Other') === tag)
  .map(
    ({ path, method, op }) => html`<section>
<h3><span class="m">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${op.summary ?? ''}</p>${op.description ? html`<p>${op.description}</p>` : ''}
${op.parameters?.length
  ? html`<table><thead><tr><th>parameter</th><th>in</th><th>description</th></tr></thead><tbody>
${op.parameters.map(
  (p) => html`<tr><td><code>${p.name}</code>${p.required ? raw(' (required)') : ''}</td><td>${p.in}</td><td>${p.description ?? ''}${p.schema?.enum ? html` One of: ${p.schema.enum.join(', ')}.` : ''}</td></tr>`,
)}</tbody></table>`
  : ''}
<p>Responses: ${Object.entries(op.responses ?? {}).map(([status, r]) => html`<code>${status}</code> ${r.description ?? ''}; `)}</p>
</section>`,
  )}`,
)}
</main>
</body>
</html>`;
}
