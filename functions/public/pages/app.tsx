/**
 * The public web pages: search, enterprise profile, the two lists and the open-data guide.
 * Server-rendered with hono/jsx, no script; every value shown comes from the public projection
 * (shared/public/projection.ts) and is escaped by JSX. Not part of the OpenAPI document.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { Problem } from '../../../shared/errors.ts';
import { newApp } from '../../../shared/http/app-kit.ts';
import { cachePublic } from '../../../shared/http/caching.ts';
import { profileAsOf, profileTimeline } from '../../../shared/public/as-of.ts';
import { toPublicEnterprise, toPublicListing, toPublicProfile, type PublicClassification } from '../../../shared/public/projection.ts';
import { ATOM_FILES } from '../../../shared/public/atom.ts';
import { SNAPSHOT_FILES } from '../../../shared/public/snapshots.ts';
import { isCalendarDate } from '../../../shared/rules/calendar.ts';
import { CREDIT_CLASS_CODES, CREDIT_CLASSES, type CreditClass } from '../../../shared/rules/classification.ts';
import { DISTRICT_CODES, DISTRICTS } from '../../../shared/rules/districts.ts';
import { LIST_TYPE_CODES, type ListType } from '../../../shared/rules/listings.ts';
import { checkUscc, normaliseUscc } from '../../../shared/rules/uscc.ts';
import { listActiveListings, readEnterpriseFile, searchEnterprises } from '../../../shared/store/reads.ts';
import { readStats } from '../../../shared/store/stats.ts';
import type { PublicDeps } from '../deps.ts';
import type { AsOfBounds } from '../open-data.ts';
import { pickLang, translator, type Lang, type Translate } from './i18n.ts';
import { href, Layout, PAGE_CSP } from './layout.tsx';

/** The page paths as API Gateway routes them (infra/cdk/functions/catalogue.ts and its test use this). */
export const PAGE_PATHS = ['/', '/enterprises/{uscc}', '/lists/{listType}', '/open-data', '/stats'] as const;

const PAGE_SIZE = 20;

interface View {
  lang: Lang;
  t: Translate;
}

function viewOf(c: Context): View {
  const lang = pickLang(c.req.query('lang'), c.req.header('Accept-Language'));
  return { lang, t: translator(lang) };
}

/** Renders a full page with its headers; `status` for error pages. */
function page(c: Context, v: View, title: string, body: Child, status: 200 | 400 | 404 = 200, query: Record<string, string | undefined> = {}) {
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  c.header('Vary', 'Accept-Language');
  if (status === 200) cachePublic(c);
  else c.header('Cache-Control', 'public, max-age=30');
  const path = new URL(c.req.url).pathname;
  // The doctype is a constant; everything else is JSX and escaped.
  return c.html(
    <>
      {raw('<!doctype html>')}
      <Layout lang={v.lang} t={v.t} title={title} path={path} query={query}>
        {body}
      </Layout>
    </>,
    status,
  );
}

function ClassBadge({ c, v }: { c: Pick<PublicClassification, 'class' | 'name' | 'nameEn'>; v: View }) {
  return <span class={`badge c-${c.class}`}>{v.t('classBadge', { code: c.class, name: v.lang === 'en' ? c.nameEn : c.name })}</span>;
}

function ErrorBox({ v, message }: { v: View; message: string }) {
  return (
    <div class="error" role="alert">
      <h2>{v.t('errorTitle')}</h2>
      <p>{message}</p>
    </div>
  );
}

const districtName = (d: { name: string; nameEn: string }, v: View) => (v.lang === 'en' ? d.nameEn : d.name);

function SearchForm({ v, q, district, cls }: { v: View; q: string; district: string; cls: string }) {
  return (
    <form class="search" method="get" action="/" role="search">
      {v.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      <div>
        <label for="q">{v.t('searchQuery')}</label>
        <input id="q" name="q" type="search" value={q} maxlength={100} autocomplete="off" />
      </div>
      <div>
        <label for="district">{v.t('searchDistrict')}</label>
        <select id="district" name="district">
          <option value="">{v.t('searchAny')}</option>
          {DISTRICTS.map((d) => (
            <option value={d.code} selected={d.code === district}>
              {v.lang === 'en' ? d.en : d.zh}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="class">{v.t('searchClass')}</label>
        <select id="class" name="class">
          <option value="">{v.t('searchAny')}</option>
          {CREDIT_CLASS_CODES.map((code) => (
            <option value={code} selected={code === cls}>
              {`${code} ${v.lang === 'en' ? CREDIT_CLASSES[code].en : CREDIT_CLASSES[code].zh}`}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit">{v.t('searchSubmit')}</button>
      </div>
    </form>
  );
}

/** Looks like someone typed a code rather than a name: ASCII letters and digits, long enough. */
const looksLikeUscc = (normalised: string) => /^[0-9A-Z]{10,}$/.test(normalised) && /\d/.test(normalised);

export function pageRoutes({ db }: PublicDeps, asOfBounds: AsOfBounds) {
  const app = newApp();

  app.get('/', async (c) => {
    const v = viewOf(c);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const district = DISTRICT_CODES.includes(c.req.query('district') ?? '') ? c.req.query('district')! : '';
    const cls = (CREDIT_CLASS_CODES as string[]).includes(c.req.query('class') ?? '') ? (c.req.query('class') as CreditClass) : '';
    const cursor = c.req.query('cursor') || undefined;
    const query = { q, district, class: cls, cursor };
    const form = <SearchForm v={v} q={q} district={district} cls={cls} />;
    const title = v.t('searchTitle');
    const intro = (
      <>
        <h1>{title}</h1>
        <p class="muted">{v.t('searchIntro')}</p>
        {form}
      </>
    );

    const normalised = normaliseUscc(q);
    if (q && looksLikeUscc(normalised)) {
      const check = checkUscc(normalised);
      if (check.ok) return c.redirect(href(`/enterprises/${check.uscc}`, v.lang), 303);
      return page(c, v, title, <>{intro}<ErrorBox v={v} message={v.t('errorBadUscc', { value: q })} /></>, 400, query);
    }
    if (!q && !district && !cls) return page(c, v, title, <>{intro}<p>{v.t('searchHint')}</p></>, 200, query);

    let found;
    try {
      found = await searchEnterprises(db, { ...(q ? { name: q } : {}), ...(district ? { district } : {}), ...(cls ? { class: cls } : {}), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      if (err instanceof Problem && err.status === 400) return page(c, v, title, <>{intro}<ErrorBox v={v} message={v.t('errorBadCursor')} /></>, 400, query);
      throw err;
    }
    const items = found.items.map(toPublicEnterprise);
    return page(
      c,
      v,
      title,
      <>
        {intro}
        <section aria-labelledby="results">
          <h2 id="results">{v.t('resultsTitle')}</h2>
          {items.length === 0 ? (
            <p>{v.t('resultsEmpty')}</p>
          ) : (
            <ul class="results">
              {items.map((e) => (
                <li>
                  <a href={href(`/enterprises/${e.uscc}`, v.lang)}>{e.name}</a> <ClassBadge c={e.classification} v={v} />
                  <br />
                  <span class="muted">
                    <code>{e.uscc}</code> · {districtName(e.district, v)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Paging v={v} path="/" params={{ q, district, class: cls }} cursor={found.cursor} first={cursor !== undefined} />
        </section>
      </>,
      200,
      query,
    );
  });

  app.get('/enterprises/:uscc', async (c) => {
    const v = viewOf(c);
    const typed = c.req.param('uscc');
    const check = checkUscc(typed);
    if (!check.ok) return notFoundPage(c, v, normaliseUscc(typed).slice(0, 40), 400, v.t('errorBadUscc', { value: typed.slice(0, 40) }));
    if (check.uscc !== typed) return c.redirect(href(`/enterprises/${check.uscc}`, v.lang, { asOf: c.req.query('asOf') }), 303);
    const uscc = check.uscc;
    const asOfRaw = c.req.query('asOf') || undefined;
    let asOf: string | undefined;
    let asOfError = false;
    if (asOfRaw !== undefined) {
      if (!isCalendarDate(asOfRaw)) asOfError = true;
      else {
        try {
          await asOfBounds.check(asOfRaw);
          asOf = asOfRaw;
        } catch (err) {
          if (!(err instanceof Problem)) throw err;
          asOfError = true;
        }
      }
    }
    const file = await readEnterpriseFile(db, uscc);
    if (!file.enterprise) return notFoundPage(c, v, uscc);
    // The same as-of logic as GET /v1/enterprises/{uscc}.
    const profile = asOf === undefined ? toPublicProfile(file.enterprise, file.records, file.listings) : profileAsOf(file, asOf);
    if (!profile) return notFoundPage(c, v, uscc);
    const cl = profile.classification;
    const listTitle = (type: string) => v.t(type === 'punishment' ? 'listPunishment' : 'listIncentive');
    const jsonHref = `/v1/enterprises/${uscc}${asOf ? `?asOf=${asOf}` : ''}`;
    return page(
      c,
      v,
      profile.name,
      <>
        <h1>{profile.name}</h1>
        {asOfError ? <ErrorBox v={v} message={v.t('errorBadAsOf')} /> : null}
        {asOf ? <p class="muted">{v.t('profileAsOfShowing', { date: asOf })} <a href={href(`/enterprises/${uscc}`, v.lang)}>{v.t('profileAsOfToday')}</a></p> : null}
        <dl>
          <dt>{v.t('profileUscc')}</dt>
          <dd><code>{profile.uscc}</code>{file.enterprise.checkDigitValid ? null : <><br /><span class="muted">{v.t('profileCheckDigit')}</span></>}</dd>
          <dt>{v.t('profileDistrict')}</dt>
          <dd>{districtName(profile.district, v)}</dd>
          <dt>{v.t('profileClass')}</dt>
          <dd><ClassBadge c={cl} v={v} /></dd>
        </dl>
        <section aria-labelledby="reasons">
          <h2 id="reasons">{v.t('profileReasons')}</h2>
          {cl.reasons.length === 0 ? <p>{v.t('profileNoReasons')}</p> : <ul>{cl.reasons.map((r) => <li>{v.lang === 'en' ? r.en : r.zh}</li>)}</ul>}
          {cl.override ? <p>{v.t('profileOverride', { reason: cl.override.reason, department: cl.override.department, date: cl.override.decidedOn })}</p> : null}
        </section>
        <section aria-labelledby="listings">
          <h2 id="listings">{v.t('profileListings')}</h2>
          {profile.listings.length === 0 ? (
            <p>{v.t('profileNoListings')}</p>
          ) : (
            <ul class="entries">
              {profile.listings.map((l) => (
                <li>
                  <h3>{listTitle(l.listType)}</h3>
                  <ListingFields v={v} l={l} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="records">
          <h2 id="records">{v.t('profileRecords')}</h2>
          {profile.records.length === 0 ? (
            <p>{v.t('profileNoRecords')}</p>
          ) : (
            <ul class="entries">
              {profile.records.map((r) => (
                <li>
                  <h3>{r.title}</h3>
                  <dl>
                    <dt>{v.t('fieldDecisionNumber')}</dt><dd>{r.decisionNumber}</dd>
                    <dt>{v.t('fieldLegalBasis')}</dt><dd>{r.legalBasis}</dd>
                    {r.penaltyContent !== undefined ? <><dt>{v.t('fieldPenalty')}</dt><dd>{r.penaltyContent}</dd></> : null}
                    <dt>{v.t('fieldAuthority')}</dt><dd>{r.authority.name}</dd>
                    <dt>{v.t('fieldDecisionDate')}</dt><dd>{r.decisionDate}</dd>
                    <dt>{v.t('fieldPublishedOn')}</dt><dd>{r.publishedOn}</dd>
                    <dt>{v.t('fieldPublicationEnd')}</dt><dd>{r.publicationEnd}</dd>
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </section>
        {asOf === undefined ? <Timeline v={v} steps={profileTimeline(file)} listTitle={listTitle} /> : null}
        <section aria-labelledby="asof">
          <h2 id="asof">{v.t('profileAsOf')}</h2>
          <form class="asof" method="get" action={`/enterprises/${uscc}`}>
            {v.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
            <div>
              <label for="asOf">{v.t('profileAsOfLabel')}</label>
              <input id="asOf" name="asOf" type="date" value={asOf ?? ''} />
            </div>
            <button type="submit">{v.t('profileAsOfSubmit')}</button>
          </form>
        </section>
        <p>
          <a href={jsonHref}>{v.t('profileJson')}</a> · <a href={href('/open-data', v.lang)}>{v.t('profileOpenData')}</a>
        </p>
      </>,
      asOfError ? 400 : 200,
      { asOf },
    );
  });

  app.get('/lists/:listType', async (c) => {
    const v = viewOf(c);
    const type = c.req.param('listType');
    if (!(LIST_TYPE_CODES as string[]).includes(type)) return notFoundPage(c, v);
    const listType = type as ListType;
    const cursor = c.req.query('cursor') || undefined;
    const title = v.t(listType === 'punishment' ? 'listPunishment' : 'listIncentive');
    let found;
    try {
      found = await listActiveListings(db, listType, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      if (err instanceof Problem && err.status === 400) return page(c, v, title, <><h1>{title}</h1><ErrorBox v={v} message={v.t('errorBadCursor')} /></>, 400);
      throw err;
    }
    const items = found.items.map(toPublicListing);
    return page(
      c,
      v,
      title,
      <>
        <h1>{title}</h1>
        <p class="muted">{v.t('listIntro')}</p>
        {items.length === 0 ? (
          <p>{v.t('listEmpty')}</p>
        ) : (
          <ul class="entries">
            {items.map((l) => (
              <li>
                <h2><a href={href(`/enterprises/${l.uscc}`, v.lang)}>{l.enterpriseName}</a></h2>
                <ListingFields v={v} l={l} />
              </li>
            ))}
          </ul>
        )}
        <Paging v={v} path={`/lists/${listType}`} params={{}} cursor={found.cursor} first={cursor !== undefined} />
      </>,
      200,
      { cursor },
    );
  });

  app.get('/open-data', (c) => {
    const v = viewOf(c);
    const title = v.t('openDataTitle');
    return page(
      c,
      v,
      title,
      <>
        <h1>{title}</h1>
        <p>{v.t('openDataIntro')}</p>
        <p><a href="https://creativecommons.org/licenses/by/4.0/" rel="license">{v.t('openDataLicence')}</a></p>
        <h2>{v.t('openDataFiles')}</h2>
        <dl>
          <dt>{v.t('openDataExports')}</dt>
          <dd>{SNAPSHOT_FILES.map((f, i) => <>{i ? ', ' : ''}<a href={`/v1/exports/${f}`}>{f}</a></>)}</dd>
          <dt>{v.t('openDataChanges')}</dt>
          <dd><a href="/v1/changes?after=0">/v1/changes?after=0</a></dd>
          <dt>{v.t('openDataAtom')}</dt>
          <dd>{ATOM_FILES.map((f, i) => <>{i ? ', ' : ''}<a href={`/v1/feeds/${f}`}>{f}</a></>)}</dd>
          <dt>{v.t('openDataCatalog')}</dt>
          <dd><a href="/v1/catalog">/v1/catalog</a></dd>
          <dt>{v.t('openDataCheckpoints')}</dt>
          <dd><a href="/v1/checkpoints/latest">/v1/checkpoints/latest</a>, <a href="/v1/checkpoints/keys">/v1/checkpoints/keys</a></dd>
          <dt>{v.t('openDataOpenApi')}</dt>
          <dd><a href="/openapi.json">/openapi.json</a>, <a href="/docs">/docs</a></dd>
        </dl>
        <h2>{v.t('openDataMirror')}</h2>
        <p>{v.t('openDataMirrorBody')}</p>
        <pre><code>npm run -s verify-feed -- https://&lt;host&gt; --state .data/verify-state.json</code></pre>
      </>,
    );
  });

  // One GetItem: the figures are computed by the stats job, never from a whole-table read here.
  app.get('/stats', async (c) => {
    const v = viewOf(c);
    const title = v.t('statsTitle');
    const stats = await readStats(db);
    if (!stats) return page(c, v, title, <><h1>{title}</h1><p>{v.t('statsIntro')}</p><p>{v.t('statsNotYet')}</p></>);
    const districts = DISTRICTS.filter((d) => stats.byDistrict[d.code]);
    const districtRows = districts.map((d) => {
      const row = stats.byDistrict[d.code] as Record<CreditClass, number>;
      return { label: v.lang === 'en' ? d.en : d.zh, row, total: CREDIT_CLASS_CODES.reduce((n, k) => n + row[k], 0) };
    });
    const classTotals = CREDIT_CLASS_CODES.map((k) => ({ label: `${k} · ${v.lang === 'en' ? CREDIT_CLASSES[k].en : CREDIT_CLASSES[k].zh}`, value: districtRows.reduce((n, r) => n + r.row[k], 0) }));
    const months = [...new Set([...Object.keys(stats.listingsByMonth), ...Object.keys(stats.repairsByMonth)])].sort().slice(-12);
    return page(
      c,
      v,
      title,
      <>
        <h1>{title}</h1>
        <p>{v.t('statsIntro')}</p>
        <p class="muted">{v.t('statsAsOf', { seq: String(stats.seq), at: stats.computedAt.slice(0, 16).replace('T', ' ') + ' UTC' })}</p>
        <h2 id="by-class">{v.t('statsByClass')}</h2>
        <Bars label={v.t('statsByClass')} bars={classTotals} />
        <h2 id="by-district">{v.t('statsByDistrict')}</h2>
        <Bars label={v.t('statsByDistrict')} bars={districtRows.map((r) => ({ label: r.label, value: r.total }))} />
        <table aria-labelledby="by-district">
          <thead><tr><th scope="col">{v.t('statsDistrict')}</th>{CREDIT_CLASS_CODES.map((k) => <th scope="col">{k}</th>)}<th scope="col">{v.t('statsTotal')}</th></tr></thead>
          <tbody>{districtRows.map((r) => <tr><th scope="row">{r.label}</th>{CREDIT_CLASS_CODES.map((k) => <td>{r.row[k]}</td>)}<td>{r.total}</td></tr>)}</tbody>
        </table>
        <h2 id="listings">{v.t('statsListings')}</h2>
        <table aria-labelledby="listings">
          <thead><tr><th scope="col">{v.t('statsMonth')}</th><th scope="col">{v.t('navPunishment')}</th><th scope="col">{v.t('navIncentive')}</th></tr></thead>
          <tbody>{months.map((m) => <tr><th scope="row">{m}</th><td>{stats.listingsByMonth[m]?.punishment ?? 0}</td><td>{stats.listingsByMonth[m]?.incentive ?? 0}</td></tr>)}</tbody>
        </table>
        <h2 id="repairs">{v.t('statsRepairs')}</h2>
        <Bars label={v.t('statsRepairs')} bars={months.map((m) => ({ label: m, value: stats.repairsByMonth[m] ?? 0 }))} />
      </>,
    );
  });

  return app;
}

/** A horizontal bar chart in inline SVG, each bar with its number beside it (no script, no styles). */
function Bars({ label, bars }: { label: string; bars: { label: string; value: number }[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  const labelWidth = 150;
  const barWidth = 360;
  return (
    <figure>
      <svg role="img" aria-label={label} width={labelWidth + barWidth + 60} height={bars.length * row + 4} viewBox={`0 0 ${labelWidth + barWidth + 60} ${bars.length * row + 4}`}>
        {bars.map((b, i) => (
          <g>
            <text x={0} y={i * row + 15} fill="#1a1a1a">{b.label}</text>
            <rect x={labelWidth} y={i * row + 3} width={Math.round((b.value / max) * barWidth)} height={16} fill="#0b57a4" />
            <text x={labelWidth + Math.round((b.value / max) * barWidth) + 6} y={i * row + 15} fill="#1a1a1a">{b.value}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

function Timeline({ v, steps, listTitle }: { v: View; steps: ReturnType<typeof profileTimeline>; listTitle: (type: string) => string }) {
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{v.t('timelineTitle')}</h2>
      <ul class="entries">
        {steps.map((s) => (
          <li>
            <time datetime={s.day}>{s.day}</time> <ClassBadge c={s.classification} v={v} />{' '}
            <span class="muted">{s.listTypes.length ? s.listTypes.map(listTitle).join('、') : v.t('timelineNoList')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ListingFields({ v, l }: { v: View; l: ReturnType<typeof toPublicListing> }) {
  return (
    <dl>
      <dt>{v.t('fieldGrounds')}</dt><dd>{l.grounds}</dd>
      <dt>{v.t('fieldLegalBasis')}</dt><dd>{l.legalBasis}</dd>
      <dt>{v.t('fieldMeasures')}</dt><dd>{l.measures.length ? <ul>{l.measures.map((m) => <li>{m}</li>)}</ul> : '—'}</dd>
      <dt>{v.t('fieldAuthority')}</dt><dd>{l.decidingAuthority}</dd>
      <dt>{v.t('fieldStart')}</dt><dd>{l.startDate}</dd>
      <dt>{v.t('fieldEnd')}</dt><dd>{l.endDate}</dd>
      {l.earliestRemovalFrom ? <><dt>{v.t('fieldEarliestRemoval')}</dt><dd>{l.earliestRemovalFrom}</dd></> : null}
    </dl>
  );
}

function Paging({ v, path, params, cursor, first }: { v: View; path: string; params: Record<string, string>; cursor: string | undefined; first: boolean }) {
  if (!cursor && !first) return null;
  return (
    <nav aria-label={v.t('nextPage')}>
      <p>
        {first ? <a href={href(path, v.lang, params)}>{v.t('firstPage')}</a> : null}
        {first && cursor ? ' · ' : null}
        {cursor ? <a href={href(path, v.lang, { ...params, cursor })} rel="next">{v.t('nextPage')}</a> : null}
      </p>
    </nav>
  );
}

function notFoundPage(c: Context, v: View, uscc?: string, status: 400 | 404 = 404, message?: string) {
  const title = uscc === undefined ? v.t('pageNotFoundTitle') : status === 400 ? v.t('errorTitle') : v.t('notFoundTitle');
  return page(
    c,
    v,
    title,
    <>
      <h1>{title}</h1>
      {uscc !== undefined ? <p>{message ?? v.t('notFoundBody', { uscc })}</p> : null}
      <SearchForm v={v} q="" district="" cls="" />
      <p><a href={href('/', v.lang)}>{v.t('notFoundBack')}</a></p>
    </>,
    status,
  );
}
