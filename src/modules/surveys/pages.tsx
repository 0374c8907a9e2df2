// The surveys' pages (no JavaScript needed): the applicant's questionnaire for a closed application
// (/survei/<application>: nine questions with the official answers, optional demographics and
// suggestion; POST → 303 back to it, which then thanks them) and the public index per period, agency
// and service (/ikm, chosen with a GET form).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { DomainError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Form, type FormValues, handleForm, Select } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listServices } from '../catalog/index.js';
import { QuestionFields, readResponseForm } from './questionnaire.js';
import { GENERAL_TOPIC } from './topics.js';
import { dayIn, type Period, periodRange, PERIODS } from './periods.js';
import { getIkm, getSurveyInvitation, type IkmReport, submitSurveyResponse } from './service.js';
import './strings.js';

const hide = { hide: true } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError('surveys.not_invited', 404, 'svy.error.not_invited');

type IdParams = { Params: { id: string } };

const nameIn = (name: { id: string; en?: string }, lang: Lang) => (lang === 'en' && name.en) || name.id;

export function registerSurveyPages(app: FastifyInstance) {
  async function showSurvey(request: FastifyRequest<IdParams>, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    if (!UUID.test(request.params.id)) throw notFound();
    const invitation = await getSurveyInvitation(tenantContextOf(request), { applicationId: request.params.id });
    const title = t(lang, 'svy.title');
    const thanked = (request.query as { terkirim?: string }).terkirim === '1';
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p class="meta">
              {nameIn(invitation.serviceName, lang)} · {invitation.trackingNumber}
            </p>
            {invitation.answered ? (
              <p class="notice" role="status" id="survey-done">
                {t(lang, thanked ? 'svy.thanks' : 'svy.answered')}
              </p>
            ) : (
              <>
                <p>{t(lang, 'svy.intro', { service: nameIn(invitation.serviceName, lang) })}</p>
                <ErrorSummary lang={lang} errors={errors} />
                <Form request={request} action={`${request.basePath}/survei/${invitation.applicationId}`}>
                  <QuestionFields lang={lang} values={values} errors={errors} />
                  <button class="button" type="submit">
                    {t(lang, 'svy.submit')}
                  </button>
                </Form>
              </>
            )}
            <p>
              <a href={`${request.basePath}/permohonan/${invitation.applicationId}`}>{t(lang, 'app.page.mine.title')}</a>
            </p>
          </>
        ),
      },
      status,
    );
  }

  app.get<IdParams>('/survei/:id', { schema: hide, config: { policy: 'surveys.respond' } }, async (request, reply) => showSurvey(request, reply));

  app.post<IdParams>(
    '/survei/:id',
    { schema: hide, config: { policy: 'surveys.respond' } },
    handleForm<FormValues>({
      async act(request, values) {
        const { id } = request.params as { id: string };
        if (!UUID.test(id)) throw notFound();
        await submitSurveyResponse(tenantContextOf(request), { applicationId: id, ...readResponseForm(values) });
        return `${request.basePath}/survei/${id}?terkirim=1`;
      },
      show: (request, reply, values, errors, status) => showSurvey(request as FastifyRequest<IdParams>, reply, values, errors, status),
      // A 404 (not theirs) and a 409 (answered already) have no form to correct: the error page says so.
      isFormError: (error) => error.status === 400,
    }),
  );

  app.get('/ikm', { schema: hide, config: { policy: 'surveys.public' } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const q = request.query as Record<string, string | undefined>;
    const thisYear = Number(dayIn(ctx.tenant.timeZone, ctx.now()).slice(0, 4));
    const years = [0, 1, 2, 3, 4].map((n) => thisYear - n);
    const year = years.includes(Number(q.tahun)) ? Number(q.tahun) : thisYear;
    const period: Period = PERIODS.includes(q.periode as Period) ? (q.periode as Period) : 'year';
    const services = await listServices(ctx);
    const agencies = [...new Map(services.map((s) => [s.agency.code, s.agency])).values()];
    const agency = agencies.find((a) => a.code === q.instansi)?.code;
    const service = services.find((s) => s.code === q.layanan && (!agency || s.agency.code === agency));
    const report = await getIkm(ctx, { ...periodRange(year, period), agency: service?.agency.code ?? agency, service: service?.code });
    const title = t(lang, 'svy.ikm.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'svy.ikm.intro')}</p>
          <form method="get" action={`${request.basePath}/ikm`} class="filters">
            <h2>{t(lang, 'svy.ikm.filter')}</h2>
            <Select name="tahun" label={t(lang, 'svy.ikm.year')} lang={lang} value={String(year)} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
            <Select name="periode" label={t(lang, 'svy.ikm.period')} lang={lang} value={period} options={PERIODS.map((p) => ({ value: p, label: t(lang, `svy.ikm.period.${p}`) }))} />
            <Select name="instansi" label={t(lang, 'svy.ikm.agency')} lang={lang} value={agency ?? ''} emptyLabel={t(lang, 'svy.ikm.all_agencies')} options={agencies.map((a) => ({ value: a.code, label: lang === 'en' && a.nameEn ? a.nameEn : a.name }))} />
            <Select
              name="layanan"
              label={t(lang, 'svy.ikm.service')}
              lang={lang}
              value={service?.code ?? ''}
              emptyLabel={t(lang, 'svy.ikm.all_services')}
              options={services.filter((s) => !agency || s.agency.code === agency).map((s) => ({ value: s.code, label: nameIn(s.name, lang) }))}
            />
            <button class="button secondary" type="submit">
              {t(lang, 'svy.ikm.show')}
            </button>
          </form>
          <IkmResult report={report} lang={lang} heading={service ? nameIn(service.name, lang) : (agencies.find((a) => a.code === agency)?.name ?? ctx.tenant.name)} />
        </>
      ),
    });
  });
}

function IkmResult({ report, lang, heading }: { report: IkmReport; lang: Lang; heading: string }) {
  const { sample } = report;
  return (
    <section aria-labelledby="ikm-result">
      <h2 id="ikm-result">
        {heading} · {report.from} – {report.to}
      </h2>
      {report.ikm === null ? (
        <p id="ikm-none">{t(lang, 'svy.ikm.none')}</p>
      ) : (
        <dl class="facts" id="ikm-facts">
          <dt>{t(lang, 'svy.ikm.index')}</dt>
          <dd id="ikm-value">{report.ikm.toFixed(2)}</dd>
          <dt>{t(lang, 'svy.ikm.grade')}</dt>
          <dd id="ikm-grade">
            {report.grade} ({t(lang, `svy.grade.${report.grade!}`)})
          </dd>
          <dt>{t(lang, 'svy.ikm.respondents')}</dt>
          <dd id="ikm-respondents">{report.respondents}</dd>
        </dl>
      )}
      <p id="ikm-sample">
        {sample.minimum === null ? (
          t(lang, 'svy.ikm.sample.unknown')
        ) : (
          <>
            <strong>{t(lang, sample.reached ? 'svy.ikm.sample.reached' : 'svy.ikm.sample.not_reached')}</strong>. {t(lang, 'svy.ikm.sample', { population: sample.population, minimum: sample.minimum })}
          </>
        )}
      </p>
      {report.elements.length > 0 ? (
        <>
          <h3>{t(lang, 'svy.ikm.weakest')}</h3>
          <ul id="ikm-weakest">
            {report.weakest.map((key) => (
              <li key={key}>{t(lang, `svy.e.${key}`)}</li>
            ))}
          </ul>
          <h3>{t(lang, 'svy.ikm.elements')}</h3>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'svy.ikm.element')}</th>
                  <th scope="col">{t(lang, 'svy.ikm.nrr')}</th>
                  <th scope="col">{t(lang, 'svy.ikm.index')}</th>
                  <th scope="col">{t(lang, 'svy.ikm.grade')}</th>
                </tr>
              </thead>
              <tbody>
                {report.elements.map((e) => (
                  <tr key={e.key}>
                    <th scope="row">{t(lang, `svy.e.${e.key}`)}</th>
                    <td>{e.nrr.toFixed(2)}</td>
                    <td>{e.index.toFixed(2)}</td>
                    <td>{e.grade}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {report.topics.length > 0 ? (
        <>
          <h3 id="ikm-topics-title">{t(lang, 'svy.topic.title')}</h3>
          <p class="hint">{t(lang, 'svy.topic.explain')}</p>
          <ul id="ikm-topics" aria-labelledby="ikm-topics-title">
            {report.topics.map((group) => (
              <li key={group.topic}>
                <strong>{t(lang, group.topic === GENERAL_TOPIC ? 'svy.topic.umum' : `svy.e.${group.topic}`)}</strong> — {t(lang, 'svy.topic.count', { count: group.count })}
                <ul>
                  {group.latest.map((s, i) => (
                    <li key={i}>
                      <q>{s.text}</q> <span class="meta">({s.day})</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 id="ikm-follow-title">{t(lang, 'svy.follow.title')}</h3>
      {report.followUps.length === 0 ? (
        <p id="ikm-follow-none">{t(lang, 'svy.follow.none')}</p>
      ) : (
        <ul id="ikm-follow" aria-labelledby="ikm-follow-title">
          {report.followUps.map((f) => (
            <li key={f.agency.code}>
              <strong>{f.agency.name}</strong> <span class="meta">({t(lang, 'svy.follow.recorded', { date: f.recordedAt.slice(0, 10) })})</span>
              <p class="message-body">{f.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
