// The oversight pages (no JavaScript needed): /kelola/kinerja — officers' figures with a period
// chooser (a GET form); /kelola/pengawasan — the auditor's flags; /kelola/pengawasan/<id> — one flag
// with its audit evidence (sequence numbers and hashes) and the "reviewed" form (POST/redirect/GET);
// /kelola/pengawasan/petugas — the tenant administrator sets an officer's kinship keys.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { DomainError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, formErrors, type FormValues, handleForm, Select, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { TableScroll } from '../../web/table.js';
import { listOfficers } from '../identity/index.js';
import { listAgencies } from '../tenancy/index.js';
import { viewerOf } from './routes.js';
import { type FlagView, getIrregularityFlag, getOfficerPerformance, listIrregularityFlags, NOTE_LIMIT, reviewIrregularityFlag, setOfficerKinshipKeys } from './service.js';
import './strings.js';

export const PERFORMANCE_PATH = '/kelola/kinerja';
export const FLAGS_PATH = '/kelola/pengawasan';
export const KEYS_PATH = '/kelola/pengawasan/petugas';
const hide = { hide: true } as const;
const isFormError = (error: DomainError) => error.status === 400 || error.status === 409;

const instant = (lang: Lang, timeZone: string, at: string | Date) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(at));

/** "3 hari 4 jam" / "35 menit" from milliseconds. */
function duration(lang: Lang, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const words = lang === 'en' ? { d: 'd', h: 'h', m: 'min' } : { d: 'hari', h: 'jam', m: 'menit' };
  const parts = [d ? `${d} ${words.d}` : '', h ? `${h} ${words.h}` : '', !d && m ? `${m} ${words.m}` : ''].filter(Boolean);
  return parts.join(' ') || `0 ${words.m}`;
}

/** The finding of a flag in words, from its rule's figures. */
export function findingOf(lang: Lang, timeZone: string, flag: Pick<FlagView, 'kind' | 'detail'>): string {
  const d = flag.detail;
  switch (flag.kind) {
    case 'peer_outlier':
      return t(lang, d.which === 'fast' ? 'ovs.detail.peer_outlier.fast' : 'ovs.detail.peer_outlier.slow', {
        duration: duration(lang, Number(d.durationMs)),
        peers: Number(d.peers),
        low: duration(lang, Number(d.lowMs)),
        high: duration(lang, Number(d.highMs)),
      });
    case 'own_or_relative':
      return t(lang, d.relation === 'self' ? 'ovs.detail.own_or_relative.self' : 'ovs.detail.own_or_relative.family_card');
    case 'payment_amount':
      return t(lang, 'ovs.detail.payment_amount', { amount: Number(d.amount ?? 0).toLocaleString('id-ID'), number: String(d.number ?? '') });
    case 'reassigned_near_deadline':
      return t(lang, 'ovs.detail.reassigned_near_deadline', { count: Number(d.count), due: instant(lang, timeZone, String(d.dueAt)) });
    case 'after_hours_burst':
      return t(lang, 'ovs.detail.after_hours_burst', { count: Number(d.count), from: instant(lang, timeZone, String(d.from)), to: instant(lang, timeZone, String(d.to)) });
  }
}

export function registerOversightPages(app: FastifyInstance) {
  app.get<{ Querystring: { dari?: string; sampai?: string; instansi?: string } }>(PERFORMANCE_PATH, { schema: hide, config: { policy: 'oversight.performance' } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const q = request.query;
    let errors: FieldError[] | undefined;
    let result: Awaited<ReturnType<typeof getOfficerPerformance>> | undefined;
    try {
      result = await getOfficerPerformance(ctx, { viewer: viewerOf(request), from: q.dari || undefined, to: q.sampai || undefined, agency: q.instansi || undefined });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 400) throw error;
      errors = (formErrors(lang, error) ?? []).map((f) => ({ ...f, field: f.field === '/from' ? '/dari' : '/sampai' }));
    }
    const agencies = await listAgencies(ctx.db, ctx.tenant);
    const title = t(lang, 'ovs.perf.title');
    const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);
    const locale = lang === 'en' ? 'en-GB' : 'id-ID';
    const hoursText = (h: number | null) => (h === null ? '—' : t(lang, 'ovs.perf.hours', { hours: h.toLocaleString(locale) }));
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'ovs.perf.intro')}</p>
            <ErrorSummary lang={lang} errors={errors} labels={{ dari: t(lang, 'ovs.perf.from'), sampai: t(lang, 'ovs.perf.to') }} />
            <form method="get" action={`${request.basePath}${PERFORMANCE_PATH}`} class="form filter-form">
              <fieldset>
                <legend>{t(lang, 'ovs.perf.period')}</legend>
                <Field name="dari" type="date" label={t(lang, 'ovs.perf.from')} lang={lang} errors={errors} value={result?.period.from ?? q.dari ?? ''} />
                <Field name="sampai" type="date" label={t(lang, 'ovs.perf.to')} lang={lang} errors={errors} value={result?.period.to ?? q.sampai ?? ''} />
                <Select
                  name="instansi"
                  label={t(lang, 'ovs.perf.agency')}
                  lang={lang}
                  required={false}
                  value={q.instansi ?? ''}
                  emptyLabel={t(lang, 'ovs.perf.all_agencies')}
                  options={agencies.map((a) => ({ value: a.code, label: (lang === 'en' && a.nameEn) || a.name }))}
                />
              </fieldset>
              <button class="button" type="submit">
                {t(lang, 'ovs.perf.show')}
              </button>
            </form>
            {result ? <h2>{t(lang, 'ovs.perf.applications')}</h2> : null}
            {result && result.officers.length === 0 ? <p>{t(lang, 'ovs.perf.none')}</p> : null}
            {result && result.officers.length > 0 ? (
              <TableScroll labelledBy="ovs-perf-caption">
                <table class="data-table" id="ovs-performance">
                  <caption id="ovs-perf-caption">{`${title}, ${result.period.from} – ${result.period.to}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(lang, 'ovs.perf.officer')}</th>
                      <th scope="col">{t(lang, 'ovs.perf.agency')}</th>
                      <th scope="col">{t(lang, 'ovs.perf.items')}</th>
                      <th scope="col">{t(lang, 'ovs.perf.decisions')}</th>
                      <th scope="col">{t(lang, 'ovs.perf.on_time')}</th>
                      <th scope="col">{t(lang, 'ovs.perf.average')}</th>
                      <th scope="col">{t(lang, 'ovs.perf.overdue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.officers.map((o) => (
                      <tr key={`${o.officer.id}:${o.agency?.id ?? ''}`}>
                        <th scope="row">{o.officer.name}</th>
                        <td>{o.agency ? (lang === 'en' && o.agency.nameEn) || o.agency.name : '—'}</td>
                        <td>{o.itemsHandled}</td>
                        <td>{o.decisions}</td>
                        <td>{pct(o.onTimeShare)}</td>
                        <td>{o.averageHandlingHours === null ? '—' : t(lang, 'ovs.perf.hours', { hours: o.averageHandlingHours.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID') })}</td>
                        <td>{o.overdueItems}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : null}
            <p class="hint">{t(lang, 'ovs.perf.not_rated')}</p>
            {result ? (
              <>
                <h2>{t(lang, 'ovs.perf.complaints')}</h2>
                {result.complaints.length === 0 ? (
                  <p>{t(lang, 'ovs.perf.complaints_none')}</p>
                ) : (
                  <TableScroll labelledBy="ovs-complaints-caption">
                    <table class="data-table" id="ovs-complaints">
                      <caption id="ovs-complaints-caption">{`${t(lang, 'ovs.perf.complaints')}, ${result.period.from} – ${result.period.to}`}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t(lang, 'ovs.perf.officer')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.agency')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.answered')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.complaint_on_time')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.complaint_average')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.ratings')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.overdue')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {result.complaints.map((o) => (
                          <tr key={`${o.officer.id}:${o.agency?.id ?? ''}`}>
                            <th scope="row">{o.officer.name}</th>
                            <td>{o.agency ? (lang === 'en' && o.agency.nameEn) || o.agency.name : t(lang, 'ovs.perf.coordinator')}</td>
                            <td>{o.answered}</td>
                            <td>{pct(o.onTimeShare)}</td>
                            <td>{hoursText(o.averageHandlingHours)}</td>
                            <td>{o.averageRating === null ? '—' : t(lang, 'ovs.perf.rating_value', { count: o.ratings, average: o.averageRating.toLocaleString(locale) })}</td>
                            <td>{o.overdueItems}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
                <p class="hint">{t(lang, 'ovs.perf.complaint_ratings_note')}</p>
              </>
            ) : null}
            {result?.informationRequests ? (
              <>
                <h2>{t(lang, 'ovs.perf.information')}</h2>
                {result.informationRequests.officers.length === 0 ? (
                  <p>{t(lang, 'ovs.perf.information_none')}</p>
                ) : (
                  <TableScroll labelledBy="ovs-information-caption">
                    <table class="data-table" id="ovs-information">
                      <caption id="ovs-information-caption">{`${t(lang, 'ovs.perf.information')}, ${result.period.from} – ${result.period.to}`}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t(lang, 'ovs.perf.officer')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.decided')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.on_time')}</th>
                          <th scope="col">{t(lang, 'ovs.perf.information_average')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {result.informationRequests.officers.map((o) => (
                          <tr key={o.officer.id}>
                            <th scope="row">{o.officer.name}</th>
                            <td>{o.decided}</td>
                            <td>{pct(o.onTimeShare)}</td>
                            <td>{hoursText(o.averageHandlingHours)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
                <p>{t(lang, 'ovs.perf.information_overdue', { count: result.informationRequests.overdueItems })}</p>
              </>
            ) : null}
          </>
        ),
      },
      errors ? 400 : 200,
    );
  });

  app.get<{ Querystring: { semua?: string; setelah?: string } }>(FLAGS_PATH, { schema: hide, config: { policy: 'oversight.flags' } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const all = request.query.semua === '1';
    const cursor = request.query.setelah && /^[A-Za-z0-9_-]{1,200}$/.test(request.query.setelah) ? request.query.setelah : undefined;
    const page = await listIrregularityFlags(ctx, { open: !all, cursor, limit: 50 });
    const base = `${request.basePath}${FLAGS_PATH}`;
    const title = t(lang, 'ovs.flags.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'ovs.flags.intro')}</p>
          <p>{all ? <a href={base}>{t(lang, 'ovs.flags.open_only')}</a> : <a href={`${base}?semua=1`}>{t(lang, 'ovs.flags.all')}</a>}</p>
          {page.flags.length === 0 ? (
            <p>{t(lang, 'ovs.flags.none')}</p>
          ) : (
            <TableScroll labelledBy="ovs-flags-caption">
              <table class="data-table" id="ovs-flags">
                <caption id="ovs-flags-caption" class="visually-hidden">
                  {title}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'ovs.flags.kind')}</th>
                    <th scope="col">{t(lang, 'ovs.flags.officer')}</th>
                    <th scope="col">{t(lang, 'ovs.flags.detected')}</th>
                    <th scope="col">{t(lang, 'ovs.flags.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.flags.map((f) => (
                    <tr key={f.id} data-kind={f.kind}>
                      <th scope="row">
                        <a href={`${base}/${f.id}`}>{t(lang, `ovs.kind.${f.kind}`)}</a>
                      </th>
                      <td>{f.officer?.name ?? t(lang, 'ovs.flags.no_officer')}</td>
                      <td>{instant(lang, ctx.tenant.timeZone, f.detectedAt)}</td>
                      <td>{f.review ? t(lang, 'ovs.flags.reviewed') : t(lang, 'ovs.flags.open')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {page.nextCursor ? (
            <p>
              <a href={`${base}?${all ? 'semua=1&' : ''}setelah=${encodeURIComponent(page.nextCursor)}`}>{t(lang, 'ovs.flags.more')}</a>
            </p>
          ) : null}
        </>
      ),
    });
  });

  async function showFlag(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const flag = await getIrregularityFlag(ctx, request.params.id);
    const title = t(lang, 'ovs.flag.title', { kind: t(lang, `ovs.kind.${flag.kind}`) });
    const here = `${request.basePath}${FLAGS_PATH}/${flag.id}`;
    const saved = (request.query as { diperiksa?: string }).diperiksa === '1' && !errors;
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <p class="breadcrumb">
              <a href={`${request.basePath}${FLAGS_PATH}`}>{t(lang, 'ovs.flag.back')}</a>
            </p>
            <h1>{title}</h1>
            {saved ? (
              <p class="notice" role="status">
                {t(lang, 'ovs.flag.saved')}
              </p>
            ) : null}
            <dl class="facts">
              <dt>{t(lang, 'ovs.flag.what')}</dt>
              <dd id="ovs-finding">{findingOf(lang, ctx.tenant.timeZone, flag)}</dd>
              <dt>{t(lang, 'ovs.flags.officer')}</dt>
              <dd>{flag.officer?.name ?? t(lang, 'ovs.flags.no_officer')}</dd>
              {flag.trackingNumber ? (
                <>
                  <dt>{t(lang, 'ovs.flag.application')}</dt>
                  <dd>{flag.trackingNumber}</dd>
                </>
              ) : null}
              <dt>{t(lang, 'ovs.flags.detected')}</dt>
              <dd>{instant(lang, ctx.tenant.timeZone, flag.detectedAt)}</dd>
            </dl>
            <h2>{t(lang, 'ovs.flag.evidence')}</h2>
            <p>{t(lang, 'ovs.flag.evidence_intro')}</p>
            <TableScroll labelledBy="ovs-evidence-caption">
              <table class="data-table" id="ovs-evidence">
                <caption id="ovs-evidence-caption" class="visually-hidden">
                  {t(lang, 'ovs.flag.evidence')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t(lang, 'ovs.flag.seq')}</th>
                    <th scope="col">{t(lang, 'ovs.flag.at')}</th>
                    <th scope="col">{t(lang, 'ovs.flag.action')}</th>
                    <th scope="col">{t(lang, 'ovs.flag.actor')}</th>
                    <th scope="col">{t(lang, 'ovs.flag.hashes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {flag.evidence.map((e) => (
                    <tr key={e.seq}>
                      <th scope="row">{e.seq}</th>
                      <td>{instant(lang, ctx.tenant.timeZone, e.at)}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>{e.actorName ?? t(lang, e.actorKind === 'citizen' ? 'ovs.actor.applicant' : 'ovs.actor.system')}</td>
                      <td>
                        <code class="hash">{e.leafHash}</code>
                        <br />
                        <code class="hash">{e.chainHash}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <h2>{t(lang, 'ovs.flag.review')}</h2>
            {flag.review ? (
              <>
                <p id="ovs-reviewed">{t(lang, 'ovs.flag.reviewed_by', { name: flag.review.by.name, at: instant(lang, ctx.tenant.timeZone, flag.review.at) })}</p>
                <blockquote>{flag.review.note}</blockquote>
              </>
            ) : (
              <>
                <ErrorSummary lang={lang} errors={errors} labels={{ note: t(lang, 'ovs.flag.note') }} />
                <Form request={request} action={`${here}/periksa`} class="form">
                  <TextArea name="note" label={t(lang, 'ovs.flag.note')} hint={t(lang, 'ovs.flag.note_hint')} lang={lang} errors={errors} value={values.note} rows={4} maxLength={NOTE_LIMIT} />
                  <button class="button" type="submit">
                    {t(lang, 'ovs.flag.mark_reviewed')}
                  </button>
                </Form>
              </>
            )}
          </>
        ),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>(`${FLAGS_PATH}/:id`, { schema: hide, config: { policy: 'oversight.flags' } }, (request, reply) => showFlag(request, reply));
  app.post<{ Params: { id: string } }>(
    `${FLAGS_PATH}/:id/periksa`,
    { schema: hide, config: { policy: 'oversight.flags' } },
    handleForm<FormValues>({
      async act(request, values) {
        const { id } = request.params as { id: string };
        await reviewIrregularityFlag(tenantContextOf(request), { id, note: values.note ?? '' });
        return `${request.basePath}${FLAGS_PATH}/${id}?diperiksa=1`;
      },
      show: (request, reply, values, errors, status) => showFlag(request as FastifyRequest<{ Params: { id: string } }>, reply, values, errors, status),
      isFormError,
    }),
  );

  async function showKeys(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const officers = await listOfficers(ctx);
    const title = t(lang, 'ovs.keys.title');
    const saved = (request.query as { tersimpan?: string }).tersimpan === '1' && !errors;
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            {saved ? (
              <p class="notice" role="status">
                {t(lang, 'ovs.keys.saved')}
              </p>
            ) : null}
            <p>{t(lang, 'ovs.keys.intro')}</p>
            <ErrorSummary lang={lang} errors={errors} labels={{ officerId: t(lang, 'ovs.keys.officer'), nik: t(lang, 'ovs.keys.nik'), kk: t(lang, 'ovs.keys.kk') }} />
            <Form request={request} action={`${request.basePath}${KEYS_PATH}`} class="form">
              <Select name="officerId" label={t(lang, 'ovs.keys.officer')} lang={lang} errors={errors} value={values.officerId} options={officers.map((o) => ({ value: o.id, label: o.name }))} />
              <Field name="nik" label={t(lang, 'ovs.keys.nik')} lang={lang} errors={errors} value="" inputMode="numeric" autocomplete="off" maxLength={32} />
              <Field name="kk" label={t(lang, 'ovs.keys.kk')} hint={t(lang, 'ovs.keys.kk_hint')} required={false} lang={lang} errors={errors} value="" inputMode="numeric" autocomplete="off" maxLength={32} />
              <button class="button" type="submit">
                {t(lang, 'ovs.keys.save')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get(KEYS_PATH, { schema: hide, config: { policy: 'oversight.officer_keys' } }, (request, reply) => showKeys(request, reply));
  app.post(
    KEYS_PATH,
    { schema: hide, config: { policy: 'oversight.officer_keys' } },
    handleForm<FormValues>({
      async act(request, values) {
        await setOfficerKinshipKeys(tenantContextOf(request), { officerId: values.officerId ?? '', nik: values.nik ?? '', kk: values.kk });
        return `${request.basePath}${KEYS_PATH}?tersimpan=1`;
      },
      show: (request, reply, values, errors, status) => showKeys(request, reply, { officerId: values.officerId }, errors, status),
      isFormError,
    }),
  );
}
