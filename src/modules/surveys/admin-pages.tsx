// The administrators' survey pages (no JavaScript needed): an agency's follow-up of a period's results
// (/kelola/survei/tindak-lanjut: choose agency and period with a GET form, the period's results, the
// text; POST → 303 back) and the CSV import of paper and legacy results (/kelola/survei/impor: upload,
// every bad line listed by number, nothing imported until the file is clean).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/index.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, handleForm, Select, TextArea } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listAgencies } from '../tenancy/index.js';
import { FOLLOW_UP_MAX, getSurveyFollowUp, recordSurveyFollowUp } from './follow-ups.js';
import { ELEMENTS } from './ikm.js';
import { importSurveyResponses } from './import.js';
import { dayIn, type Period, periodRange, PERIODS } from './periods.js';
import { getIkm } from './service.js';
import './strings.js';

const hide = { hide: true } as const;
/** The import's file: a year of a hall's paper questionnaires fits well within it (the API's limit too). */
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const FOLLOW_UP_PATH = '/kelola/survei/tindak-lanjut';
const IMPORT_PATH = '/kelola/survei/impor';

/** The agencies whose follow-up this officer may record. */
async function managedAgencies(request: FastifyRequest) {
  const ctx = tenantContextOf(request);
  return (await listAgencies(ctx.db, ctx.tenant)).filter((a) => can(request.principal, 'surveys.follow_up', { agencyId: a.id }));
}

interface FollowUpChoice {
  agency: string;
  year: number;
  period: Period;
}

function choiceOf(request: FastifyRequest, query: Record<string, string | undefined>, agencies: { code: string }[]): FollowUpChoice & { years: number[] } {
  const ctx = tenantContextOf(request);
  const thisYear = Number(dayIn(ctx.tenant.timeZone, ctx.now()).slice(0, 4));
  const years = [0, 1, 2, 3, 4].map((n) => thisYear - n);
  return {
    agency: agencies.find((a) => a.code === query.instansi)?.code ?? agencies[0]?.code ?? '',
    year: years.includes(Number(query.tahun)) ? Number(query.tahun) : thisYear,
    period: PERIODS.includes(query.periode as Period) ? (query.periode as Period) : 'year',
    years,
  };
}

const choiceQuery = (c: FollowUpChoice) => `instansi=${encodeURIComponent(c.agency)}&tahun=${c.year}&periode=${c.period}`;

export function registerSurveyAdminPages(app: FastifyInstance) {
  async function showFollowUp(request: FastifyRequest, reply: FastifyReply, values?: FormValues, errors?: FieldError[], status = 200) {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const query = { ...(request.query as Record<string, string | undefined>) };
    const agencies = await managedAgencies(request);
    const choice = choiceOf(request, query, agencies);
    const agency = agencies.find((a) => a.code === choice.agency);
    const title = t(lang, 'svy.follow.admin.title');
    const range = periodRange(choice.year, choice.period);
    // The period's results, when the agency has published services with responses.
    const report = agency ? await getIkm(ctx, { agency: agency.code, ...range }).catch((error) => (error instanceof DomainError && error.status === 404 ? null : Promise.reject(error))) : null;
    const current = agency ? await getSurveyFollowUp(ctx, { agencyId: agency.id, year: choice.year, period: choice.period }) : null;
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'svy.follow.admin.lead')}</p>
            {agencies.length === 0 ? (
              <p>{t(lang, 'svy.follow.admin.none')}</p>
            ) : (
              <>
                {query.tersimpan === '1' && !errors ? (
                  <p class="notice" role="status" id="follow-saved">
                    {t(lang, 'svy.follow.admin.saved')}
                  </p>
                ) : null}
                <form method="get" action={`${request.basePath}${FOLLOW_UP_PATH}`} class="filters">
                  <h2>{t(lang, 'svy.follow.admin.choose')}</h2>
                  <Select name="instansi" label={t(lang, 'svy.ikm.agency')} lang={lang} value={choice.agency} options={agencies.map((a) => ({ value: a.code, label: lang === 'en' && a.nameEn ? a.nameEn : a.name }))} />
                  <Select name="tahun" label={t(lang, 'svy.ikm.year')} lang={lang} value={String(choice.year)} options={choice.years.map((y) => ({ value: String(y), label: String(y) }))} />
                  <Select name="periode" label={t(lang, 'svy.ikm.period')} lang={lang} value={choice.period} options={PERIODS.map((p) => ({ value: p, label: t(lang, `svy.ikm.period.${p}`) }))} />
                  <button class="button secondary" type="submit">
                    {t(lang, 'svy.follow.admin.open')}
                  </button>
                </form>
                <h2>
                  {agency?.name} · {t(lang, `svy.ikm.period.${choice.period}`)} {choice.year}
                </h2>
                <p id="follow-results">
                  {report?.ikm != null
                    ? t(lang, 'svy.follow.admin.results', { ikm: report.ikm.toFixed(2), grade: `${report.grade} ${t(lang, `svy.grade.${report.grade!}`)}`, respondents: report.respondents })
                    : t(lang, 'svy.follow.admin.no_results')}
                </p>
                {current ? <p class="meta">{t(lang, 'svy.follow.admin.current', { date: current.recordedAt.slice(0, 10) })}</p> : null}
                <ErrorSummary lang={lang} errors={errors} />
                <Form request={request} action={`${request.basePath}${FOLLOW_UP_PATH}?${choiceQuery(choice)}`}>
                  <TextArea name="text" label={t(lang, 'svy.follow.text')} hint={t(lang, 'svy.follow.text_hint')} lang={lang} errors={errors} rows={8} maxLength={FOLLOW_UP_MAX} value={values?.text ?? current?.text ?? ''} />
                  <button class="button" type="submit">
                    {t(lang, 'svy.follow.save')}
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

  app.get(FOLLOW_UP_PATH, { schema: hide, config: { policy: 'surveys.follow_up' } }, (request, reply) => showFollowUp(request, reply));
  app.post(
    FOLLOW_UP_PATH,
    { schema: hide, config: { policy: 'surveys.follow_up' } },
    handleForm<FormValues>({
      async act(request, values) {
        const agencies = await managedAgencies(request);
        const choice = choiceOf(request, request.query as Record<string, string | undefined>, agencies);
        const agency = agencies.find((a) => a.code === choice.agency);
        if (!agency) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
        authorize(request, 'surveys.follow_up', { agencyId: agency.id });
        await recordSurveyFollowUp(tenantContextOf(request), { agencyId: agency.id, year: choice.year, period: choice.period, text: values.text ?? '' });
        return `${request.basePath}${FOLLOW_UP_PATH}?${choiceQuery(choice)}&tersimpan=1`;
      },
      show: (request, reply, values, errors, status) => showFollowUp(request, reply, values, errors, status),
      isFormError: (error) => error.status === 400,
    }),
  );

  async function showImport(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors: FieldError[] = [], status = 200) {
    const lang = request.lang;
    const title = t(lang, 'svy.import.title');
    const query = request.query as Record<string, string | undefined>;
    const lineErrors = errors.filter((e) => e.field.startsWith('/csv/'));
    const formErrors = errors.filter((e) => !e.field.startsWith('/csv/'));
    const lines = new Set(lineErrors.map((e) => e.field)).size;
    const imported = Number(query.diimpor);
    return sendPage(
      reply,
      {
        request,
        title,
        children: (
          <>
            <h1>{title}</h1>
            <p>{t(lang, 'svy.import.lead', { elements: ELEMENTS.join(', ') })}</p>
            {Number.isInteger(imported) && imported > 0 && errors.length === 0 ? (
              <p class="notice" role="status" id="import-done">
                {t(lang, 'svy.import.done', { count: imported, source: query.sumber ?? '' })}
              </p>
            ) : null}
            <ErrorSummary lang={lang} errors={formErrors} />
            {lineErrors.length > 0 ? (
              <div class="error-summary" role="alert" aria-labelledby="import-lines-title" id="import-lines">
                <h2 id="import-lines-title">{t(lang, 'svy.import.lines', { count: lines })}</h2>
                <ul>
                  {lineErrors.map((e, i) => (
                    <li key={i}>{e.message}</li>
                  ))}
                </ul>
                {lineErrors.length >= 100 ? <p>{t(lang, 'svy.import.more')}</p> : null}
              </div>
            ) : null}
            <Form request={request} action={`${request.basePath}${IMPORT_PATH}`} multipart>
              <Field name="file" type="file" label={t(lang, 'svy.import.file')} hint={t(lang, 'svy.import.file_hint')} lang={lang} errors={formErrors} />
              <Field name="source" label={t(lang, 'svy.import.source')} hint={t(lang, 'svy.import.source_hint')} lang={lang} errors={formErrors} maxLength={200} value={values.source ?? ''} />
              <button class="button" type="submit">
                {t(lang, 'svy.import.submit')}
              </button>
            </Form>
          </>
        ),
      },
      status,
    );
  }

  app.get(IMPORT_PATH, { schema: hide, config: { policy: 'surveys.import' } }, (request, reply) => showImport(request, reply));
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
    scope.post(
      IMPORT_PATH,
      { schema: hide, config: { policy: 'surveys.import' } },
      handleForm<FormValues>({
        // Filled as the form arrives (in `act`), so a refused file keeps the source typed.
        read: () => ({}),
        async act(request, values) {
          const form = await readMultipartForm(request, { values: values as Record<string, string>, fileTooLarge: () => importError('/file', 'svy.error.import_too_large') });
          const file = form.files.find((f) => f.field === 'file');
          if (!file) throw importError('/file', 'svy.error.import_no_file');
          let csv: string;
          try {
            csv = new TextDecoder('utf-8', { fatal: true }).decode(file.data);
          } catch {
            throw importError('/file', 'svy.error.import_not_text');
          }
          const source = (values.source ?? '').trim();
          const { imported } = await importSurveyResponses(tenantContextOf(request), { csv, source });
          return `${request.basePath}${IMPORT_PATH}?diimpor=${imported}&sumber=${encodeURIComponent(source)}`;
        },
        show: (request, reply, values, errors, status) => showImport(request, reply, values, errors, status),
      }),
    );
  });
}

function importError(field: string, messageKey: 'svy.error.import_no_file' | 'svy.error.import_not_text' | 'svy.error.import_too_large') {
  return new DomainError('surveys.import_file', 400, messageKey, {}, [{ field, code: 'file', messageKey }]);
}
