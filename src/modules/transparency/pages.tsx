// The public performance dashboard (/kinerja): a GET form chooses the months, agency and service; the
// figures follow, then each chart (server-rendered SVG) with its table beside it and a CSV download of
// that table (/kinerja.csv?tabel=…, same query). Works without JavaScript and prints.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localDate } from '../../platform/calendar/index.js';
import { DomainError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { Select } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import { listServices } from '../catalog/index.js';
import { CellMap, Columns, LineChart, PercentBars } from './charts.js';
import { CSV_TABLES, type TableName, tableRows, toCsv } from './csv.js';
import { CELL_DEGREES, MONTH, monthsBetween } from './rules.js';
import { getPerformance, type Performance } from './service.js';
import './strings.js';

const hide = { hide: true } as const;
const nameIn = (name: { id: string; en?: string }, lang: Lang) => (lang === 'en' && name.en) || name.id;

/** The form's choices and the query they make (defaults: this year up to this month, the whole tenant). */
async function readQuery(request: FastifyRequest) {
  const ctx = tenantContextOf(request);
  const q = request.query as Record<string, string | undefined>;
  const thisMonth = localDate(ctx.now().getTime(), ctx.tenant.timeZone).slice(0, 7);
  const [y, m] = thisMonth.split('-').map(Number) as [number, number];
  const first = `${y - 2}-${String(m).padStart(2, '0')}`;
  const monthChoices = monthsBetween(first, thisMonth).reverse();
  const from = q.dari && MONTH.test(q.dari) ? q.dari : `${y}-01`;
  const to = q.sampai && MONTH.test(q.sampai) ? q.sampai : thisMonth;
  const services = await listServices(ctx);
  const agencies = [...new Map(services.map((s) => [s.agency.code, s.agency])).values()];
  const agency = q.instansi || undefined;
  const service = q.layanan || undefined;
  return { ctx, monthChoices, services, agencies, query: { from, to, agency, service } };
}

export function registerTransparencyPages(app: FastifyInstance) {
  app.get('/kinerja', { schema: hide, config: { policy: 'transparency.public' } }, async (request, reply) => {
    const lang = request.lang;
    const { ctx, monthChoices, services, agencies, query } = await readQuery(request);
    const report = await getPerformance(ctx, query);
    const title = t(lang, 'tr.title');
    const search = new URLSearchParams({ dari: query.from, sampai: query.to, ...(query.agency ? { instansi: query.agency } : {}), ...(query.service ? { layanan: query.service } : {}) });
    // The download is not a page (browsers send no text/html Accept for it): it names the page's language.
    const csv = (table: TableName) => `${request.basePath}/kinerja.csv?${new URLSearchParams({ tabel: table, ...Object.fromEntries(search), lang })}`;
    const monthOptions = monthChoices.map((v) => ({ value: v, label: v }));
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'tr.intro')}</p>
          <form method="get" action={`${request.basePath}/kinerja`} class="filters">
            <h2>{t(lang, 'tr.filter')}</h2>
            <Select name="dari" label={t(lang, 'tr.from')} lang={lang} value={query.from} options={monthOptions} />
            <Select name="sampai" label={t(lang, 'tr.to')} lang={lang} value={query.to} options={monthOptions} />
            <Select name="instansi" label={t(lang, 'tr.agency')} lang={lang} value={query.agency ?? ''} emptyLabel={t(lang, 'tr.all_agencies')} options={agencies.map((a) => ({ value: a.code, label: lang === 'en' && a.nameEn ? a.nameEn : a.name }))} />
            <Select
              name="layanan"
              label={t(lang, 'tr.service')}
              lang={lang}
              value={query.service ?? ''}
              emptyLabel={t(lang, 'tr.all_services')}
              options={services.filter((s) => !query.agency || s.agency.code === query.agency).map((s) => ({ value: s.code, label: nameIn(s.name, lang) }))}
            />
            <button class="button secondary" type="submit">
              {t(lang, 'tr.show')}
            </button>
          </form>
          <Dashboard report={report} lang={lang} heading={report.service ? nameIn(report.service.name, lang) : (report.agency?.name ?? ctx.tenant.name)} csv={csv} timeZone={ctx.tenant.timeZone} />
          <p class="meta">{t(lang, 'tr.api', { path: `${request.basePath}/api/v1/performance?${new URLSearchParams({ from: query.from, to: query.to, ...(query.agency ? { agency: query.agency } : {}), ...(query.service ? { service: query.service } : {}) })}` })}</p>
        </>
      ),
    });
  });

  app.get('/kinerja.csv', { schema: hide, config: { policy: 'transparency.public' } }, async (request, reply) => {
    const table = (request.query as { tabel?: string }).tabel as TableName;
    if (!CSV_TABLES.includes(table)) throw new DomainError('transparency.bad_table', 400, 'tr.error.bad_table');
    const { ctx, query } = await readQuery(request);
    const report = await getPerformance(ctx, query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kinerja-${table}-${query.from}-${query.to}.csv"`)
      .send(toCsv(tableRows(report, table, request.lang)));
  });
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function DataTable({ id, report, table, lang }: { id: string; report: Performance; table: TableName; lang: Lang }) {
  const [head, ...rows] = tableRows(report, table, lang);
  return (
    <TableScroll labelledBy={`${id}-h`}>
      <table id={`${id}-table`}>
        <thead>
          <tr>
            {head!.map((h) => (
              <th scope="col" key={String(h)}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (j === 0 ? <th scope="row" key={j}>{v ?? '—'}</th> : <td key={j}>{v ?? '—'}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ChartSection({ id, title, lang, empty, csv, children, report, table }: { id: string; title: string; lang: Lang; empty: boolean; csv: string; children: preact.ComponentChildren; report: Performance; table: TableName }) {
  return (
    <section aria-labelledby={`${id}-h`} class="chart-section">
      <h2 id={`${id}-h`}>{title}</h2>
      {empty ? (
        <p>{t(lang, 'tr.chart.empty')}</p>
      ) : (
        <div class="chart-with-table">
          {children}
          <DataTable id={id} report={report} table={table} lang={lang} />
        </div>
      )}
      <p>
        <a href={csv} download>
          {t(lang, 'tr.csv')}
        </a>
      </p>
    </section>
  );
}

function Dashboard({ report, lang, heading, csv, timeZone }: { report: Performance; lang: Lang; heading: string; csv: (t: TableName) => string; timeZone: string }) {
  const none = t(lang, 'tr.none');
  const count = (v: number) => v.toLocaleString(lang === 'en' ? 'en' : 'id');
  const pct = (v: number | null) => (v === null ? none : `${count(v)}%`);
  const days = (v: number | null) => (v === null ? none : t(lang, 'tr.days', { days: v }));
  const rupiah = (v: number) => `Rp${count(v)}`;
  const a = report.applications;
  const c = report.complaints;
  const at = report.refreshedAt ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(report.refreshedAt)) : null;
  return (
    <>
      <h2 id="tr-heading">
        {heading} · {report.from} – {report.to}
      </h2>
      <p class="meta" id="tr-refreshed">
        {at ? t(lang, 'tr.refreshed', { at }) : t(lang, 'tr.not_refreshed')}
      </p>
      <section aria-labelledby="tr-apps">
        <h2 id="tr-apps">{t(lang, 'tr.apps')}</h2>
        <dl class="facts" id="tr-app-facts">
          <Figure label={t(lang, 'tr.apps.received')} value={String(a.received)} />
          <Figure label={t(lang, 'tr.apps.completed')} value={String(a.completed)} />
          <Figure label={t(lang, 'tr.apps.in_progress')} value={String(a.inProgress)} />
          <Figure label={t(lang, 'tr.apps.withdrawn')} value={String(a.withdrawn)} />
          <Figure label={t(lang, 'tr.apps.deemed')} value={String(a.deemedApproved)} />
          <Figure label={t(lang, 'tr.apps.on_time')} value={pct(a.onTimeShare)} />
          <Figure label={t(lang, 'tr.apps.median')} value={days(a.medianWorkingDays)} />
          <Figure label={t(lang, 'tr.apps.p90')} value={days(a.p90WorkingDays)} />
          {report.service ? <Figure label={t(lang, 'tr.apps.standard')} value={days(report.service.completionDays)} /> : null}
        </dl>
      </section>
      <section aria-labelledby="tr-ikm">
        <h2 id="tr-ikm">{t(lang, 'tr.ikm')}</h2>
        <dl class="facts" id="tr-ikm-facts">
          <Figure label={t(lang, 'tr.ikm.value')} value={report.satisfaction.ikm === null ? none : report.satisfaction.ikm.toFixed(2)} />
          <Figure label={t(lang, 'tr.ikm.grade')} value={report.satisfaction.grade ?? none} />
          <Figure label={t(lang, 'tr.ikm.respondents')} value={String(report.satisfaction.respondents)} />
        </dl>
      </section>
      <section aria-labelledby="tr-complaints">
        <h2 id="tr-complaints">{t(lang, 'tr.complaints')}</h2>
        {report.service ? <p>{t(lang, 'tr.complaints.note')}</p> : null}
        <dl class="facts" id="tr-complaint-facts">
          <Figure label={t(lang, 'tr.complaints.received')} value={String(c.received)} />
          <Figure label={t(lang, 'tr.complaints.verified')} value={pct(c.verifiedOnTimeShare)} />
          <Figure label={t(lang, 'tr.complaints.answered')} value={pct(c.answeredOnTimeShare)} />
          <Figure label={t(lang, 'tr.complaints.resolved')} value={String(c.resolved)} />
          <Figure label={t(lang, 'tr.complaints.rating')} value={c.averageRating === null ? none : `${c.averageRating} (${t(lang, 'tr.complaints.ratings', { count: c.ratings })})`} />
        </dl>
        {c.topics.length > 0 ? (
          <>
            <h3 id="tr-topics">{t(lang, 'tr.topics')}</h3>
            <TableScroll labelledBy="tr-topics">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'tr.topic')}</th>
                    <th scope="col">{t(lang, 'tr.col.complaints')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.topics.map((topic) => (
                    <tr key={topic.code}>
                      <th scope="row">{lang === 'en' && topic.nameEn ? topic.nameEn : topic.name}</th>
                      <td>{topic.complaints}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        ) : null}
      </section>
      <section aria-labelledby="tr-payments">
        <h2 id="tr-payments">{t(lang, 'tr.payments')}</h2>
        <dl class="facts" id="tr-payment-facts">
          <Figure label={t(lang, 'tr.payments.paid')} value={String(report.payments.paid)} />
          <Figure label={t(lang, 'tr.payments.amount')} value={rupiah(report.payments.amount)} />
        </dl>
      </section>
      <section aria-labelledby="tr-system">
        <h2 id="tr-system">{t(lang, 'tr.system')}</h2>
        <dl class="facts" id="tr-system-facts">
          {report.activeUsers === null ? null : <Figure label={t(lang, 'tr.system.active')} value={String(report.activeUsers)} />}
          <Figure
            label={t(lang, 'tr.system.p95')}
            value={report.responseTime.p95Ms === null ? t(lang, 'tr.system.p95_none') : t(lang, 'tr.system.p95_value', { ms: report.responseTime.p95Ms, requests: report.responseTime.requests })}
          />
          <Figure label={t(lang, 'tr.cost')} value={t(lang, 'tr.cost.none')} />
        </dl>
        <p class="meta">{t(lang, 'tr.system.note')}</p>
      </section>
      {report.information ? (
        <section aria-labelledby="tr-ppid">
          <h2 id="tr-ppid">{t(lang, 'tr.information', { year: report.information.year })}</h2>
          <dl class="facts">
            <Figure label={t(lang, 'tr.information.requests')} value={String(report.information.requests)} />
            <Figure label={t(lang, 'tr.information.answered')} value={String(report.information.answered)} />
            <Figure label={t(lang, 'tr.information.on_time')} value={`${report.information.answeredOnTime} (${pct(report.information.answeredOnTimeShare)})`} />
            <Figure label={t(lang, 'tr.information.days')} value={report.information.averageWorkingDays === null ? none : t(lang, 'tr.days', { days: report.information.averageWorkingDays })} />
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="tr-availability">
        <h2 id="tr-availability">{t(lang, 'tr.availability')}</h2>
        {report.availability.share === null ? (
          <p>{t(lang, 'tr.availability.none')}</p>
        ) : (
          <dl class="facts">
            <Figure label={t(lang, 'tr.availability.share')} value={`${pct(report.availability.share)} (${report.availability.checks}/${report.availability.expected})`} />
          </dl>
        )}
      </section>
      <ChartSection id="tr-trend" title={t(lang, 'tr.chart.trend')} lang={lang} empty={report.months.every((m) => m.received === 0 && m.completed === 0 && m.complaints === 0)} csv={csv('bulan')} report={report} table="bulan">
        <LineChart
          id="tr-trend-chart"
          title={t(lang, 'tr.chart.trend')}
          desc={t(lang, 'tr.chart.trend_desc')}
          tip={(month, series, value) => `${month} — ${series}: ${count(value)}`}
          labels={report.months.map((m) => m.month)}
          series={[
            { label: t(lang, 'tr.col.received'), values: report.months.map((m) => m.received), cls: 's1' },
            { label: t(lang, 'tr.col.completed'), values: report.months.map((m) => m.completed), cls: 's2' },
            { label: t(lang, 'tr.col.complaints'), values: report.months.map((m) => m.complaints), cls: 's3' },
          ]}
        />
      </ChartSection>
      {report.agency ? null : (
        <ChartSection id="tr-league" title={t(lang, 'tr.chart.league')} lang={lang} empty={report.agencies.length === 0} csv={csv('instansi')} report={report} table="instansi">
          <PercentBars id="tr-league-chart" title={t(lang, 'tr.chart.league')} desc={t(lang, 'tr.chart.league_desc')} tip={(agency, value) => `${agency}: ${value === null ? '—' : `${count(value)}%`}`} bars={report.agencies.map((x) => ({ label: lang === 'en' && x.nameEn ? x.nameEn : x.name, value: x.onTimeShare }))} />
        </ChartSection>
      )}
      <ChartSection id="tr-days" title={t(lang, 'tr.chart.days')} lang={lang} empty={a.distribution.length === 0} csv={csv('waktu')} report={report} table="waktu">
        <Columns id="tr-days-chart" title={t(lang, 'tr.chart.days')} desc={t(lang, 'tr.chart.days_desc')} tip={(days, value) => `${t(lang, 'tr.col.days')} ${days}: ${count(value)} ${t(lang, 'tr.tip.applications')}`} columns={a.distribution.map((d) => ({ label: String(d.workingDays), value: d.applications }))} />
      </ChartSection>
      <ChartSection id="tr-map" title={t(lang, 'tr.chart.map')} lang={lang} empty={report.areas.length === 0} csv={csv('wilayah')} report={report} table="wilayah">
        <CellMap
          id="tr-map-chart"
          title={t(lang, 'tr.chart.map')}
          desc={t(lang, 'tr.chart.map_desc')}
          tip={(cell) => `${cell.south}, ${cell.west}: ${count(cell.complaints)} ${t(lang, 'tr.tip.complaints')}`}
          cells={report.areas}
          size={CELL_DEGREES}
        />
      </ChartSection>
      {/* Each mark's figure as a tooltip on hover and tap (the charts read the same without it). */}
      <script type="module" src="/static/build/chart-tips.js" />
    </>
  );
}
