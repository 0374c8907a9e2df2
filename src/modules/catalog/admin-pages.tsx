// Agency admin pages of the catalogue (no JavaScript needed): the list of services with their state
// and overdue reviews, create, edit every component, publish (with an effective date), open a draft
// for public comment and read the comments, import a definition. Every POST goes through the form kit's
// handleForm: it answers 303 to the page to see, or shows the form again with what was typed and the
// errors beside the fields when nothing was done.
import { Value } from '@sinclair/typebox/value';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/index.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, formErrors, handleForm, Select, TextArea, takeFormFlash } from '../../web/form.js';
import { sendPage } from '../../web/layout.js';
import { listAgencies } from '../tenancy/index.js';
import { loadManaged, managedAgency } from './admin-routes.js';
import { FeeRuleFields, feeRuleFieldFor, feeRuleFromForm, feeRuleToForm, parseAmount } from './fee-rule-form.js';
import { ASSURANCE_LEVELS, CATEGORIES, CHANNELS, COMPONENTS, emptyDefinition, LIFE_EVENTS, LIST_COMPONENTS, type ServiceDefinition } from './model.js';
import { ServiceDefinition as DefinitionSchema } from './schemas.js';
import { serviceAdminLinks } from './service-page-actions.js';
import {
  type CommentRow,
  createService,
  EXPORT_FORMAT,
  importService,
  listAgencyServices,
  listComments,
  publishService,
  type ServiceRow,
  setCommentsOpen,
  todayIn,
  updateDraft,
} from './service.js';
import { TemplateFieldset, templateFieldFor, templateFormValues, templateFromForm } from './template-form.js';
import './strings.js';

const manage: FastifyContextConfig = { policy: 'catalog.manage' };
const withId = { config: manage, schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } };

/** The form field that shows an error of the definition (the API's JSON pointer → the field's name). */
function fieldFor(pointer: string): string {
  const map: Record<string, string> = {
    '/fee': 'fee',
    '/completionDays': 'completionDays',
    '/sk': 'sk_number',
    '/sk/date': 'sk_date',
    '/reviewDate': 'reviewDate',
    '/hall': 'hall_address',
    '/code': 'code',
    '/name/id': 'name_id',
    '/summary/id': 'summary_id',
    '/effectiveFrom': 'effectiveFrom',
    '/agency': 'agency',
    '/file': 'file',
  };
  // A line of a list component (a requirement no form field answers): the component's field.
  const fee = feeRuleFieldFor(pointer);
  if (fee) return fee;
  const component = /^\/components\/(\w+)(?:\/\d+)?$/.exec(pointer);
  if (component) return `comp_${component[1]}_id`;
  if (/^\/lifeEvents\/\d+\/step$/.test(pointer)) return 'life_events';
  // Another module's refusal of the publication (the online form, the workflow): no field of this page.
  if (/^\/(form|workflow)(\/|$)/.test(pointer)) return '';
  const template = templateFieldFor(pointer);
  if (template) return template;
  return map[pointer] ?? pointer.replace(/\W+/g, '_');
}

/** The service's errors as the form's (`/<field name>`), so the summary links to and the field shows each. */
const onForm = (errors: readonly FieldError[] | undefined) => errors?.map((e) => (e.field === '/' ? e : { ...e, field: `/${fieldFor(e.field)}` }));

/** A definition from the edit form's fields (a fee rule the form cannot describe is refused: fee-rule-form.tsx). */
function definitionFromForm(lang: Lang, form: FormValues, current: ServiceDefinition): ServiceDefinition {
  const s = (k: string) => (form[k] ?? '').trim();
  const components: ServiceDefinition['components'] = {};
  for (const key of COMPONENTS) {
    const id = s(`comp_${key}_id`);
    const en = s(`comp_${key}_en`);
    if (id !== '' || en !== '') components[key] = { id, en };
  }
  const hall = s('hall_name') || s('hall_address') || s('hall_hours') ? { name: s('hall_name'), address: s('hall_address'), hours: s('hall_hours') } : null;
  return {
    ...current,
    code: s('code') || current.code,
    name: { id: s('name_id'), en: s('name_en') },
    summary: { id: s('summary_id'), en: s('summary_en') },
    category: (CATEGORIES as readonly string[]).includes(s('category')) ? (s('category') as ServiceDefinition['category']) : current.category,
    channel: (CHANNELS as readonly string[]).includes(s('channel')) ? (s('channel') as ServiceDefinition['channel']) : current.channel,
    minAssurance: (ASSURANCE_LEVELS as readonly string[]).includes(s('minAssurance'))
      ? (s('minAssurance') as ServiceDefinition['minAssurance'])
      : current.minAssurance,
    hall,
    components,
    fee: parseAmount(form.fee),
    // A form sent without the rule's fields (a page from before they existed) keeps the rule as it is.
    feeRule: form.fee_kind === undefined ? current.feeRule : feeRuleFromForm(lang, form),
    completionDays: parseAmount(form.completionDays),
    keywords: s('keywords')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== ''),
    lifeEvents: LIFE_EVENTS.filter((e) => s(`le_${e}`) !== '').map((e) => ({ event: e, step: Number(s(`le_${e}`)) })),
    sk: s('sk_number') || s('sk_date') ? { number: s('sk_number'), date: s('sk_date') } : null,
    reviewDate: s('reviewDate') || null,
    documentTemplate: templateFromForm(form),
  };
}

/** The edit form's values for a definition (exported for the tests, which post the whole form). */
export function formFromDefinition(def: ServiceDefinition): FormValues {
  const form: FormValues = {
    code: def.code,
    name_id: def.name.id,
    name_en: def.name.en ?? '',
    summary_id: def.summary.id,
    summary_en: def.summary.en ?? '',
    category: def.category,
    channel: def.channel,
    minAssurance: def.minAssurance,
    hall_name: def.hall?.name ?? '',
    hall_address: def.hall?.address ?? '',
    hall_hours: def.hall?.hours ?? '',
    fee: def.fee === null ? '' : String(def.fee),
    completionDays: def.completionDays === null ? '' : String(def.completionDays),
    keywords: def.keywords.join(', '),
    sk_number: def.sk?.number ?? '',
    sk_date: def.sk?.date ?? '',
    reviewDate: def.reviewDate ?? '',
    ...feeRuleToForm(def.feeRule),
    ...templateFormValues(def.documentTemplate),
  };
  for (const le of def.lifeEvents) form[`le_${le.event}`] = String(le.step);
  for (const key of COMPONENTS) {
    form[`comp_${key}_id`] = def.components[key]?.id ?? '';
    form[`comp_${key}_en`] = def.components[key]?.en ?? '';
  }
  return form;
}

/** The summary's prefix for a component's error (its name), keyed by the field that shows it. */
function componentLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(COMPONENTS.map((key) => [`comp_${key}_id`, t(lang, `catalog.comp.${key}`)]));
}

// A Map: the key comes from the query string (?ok=constructor must find nothing).
const flashKeys: ReadonlyMap<string, MessageKey> = new Map([
  ['saved', 'catalog.admin.saved'],
  ['comments', 'catalog.admin.comments_changed'],
]);

const base = (request: FastifyRequest) => `${request.basePath}/kelola/layanan`;
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** The agencies this officer manages, as the options of the agency field. */
async function agencyOptions(request: FastifyRequest) {
  const ctx = tenantContextOf(request);
  const agencies = await listAgencies(ctx.db, ctx.tenant);
  return agencies.filter((a) => can(request.principal, 'catalog.manage', { agencyId: a.id })).map((a) => ({ value: a.code, label: a.name }));
}

async function listPage(request: FastifyRequest, reply: FastifyReply) {
  const lang = request.lang;
  const ctx = tenantContextOf(request);
  const agencies = new Map((await listAgencies(ctx.db, ctx.tenant)).map((a) => [a.id, a]));
  const rows = (await listAgencyServices(ctx, null)).filter((r) => can(request.principal, 'catalog.manage', { agencyId: r.agencyId }));
  return sendPage(reply, {
    request,
    title: t(lang, 'catalog.admin.title'),
    children: (
      <>
        <h1>{t(lang, 'catalog.admin.title')}</h1>
        <p class="lead">{t(lang, 'catalog.admin.intro')}</p>
        <p>
          <a class="button" href={`${base(request)}/baru`}>
            {t(lang, 'catalog.admin.new')}
          </a>{' '}
          <a href={`${base(request)}/impor`}>{t(lang, 'catalog.admin.import')}</a>
        </p>
        {rows.length === 0 ? (
          <p>{t(lang, 'catalog.admin.none')}</p>
        ) : (
          <ul class="card-list">
            {rows.map((r) => (
              <li class="card" key={r.id}>
                <h2>
                  <a href={`${base(request)}/${r.id}`}>{r.draft.name.id}</a>
                </h2>
                <p class="meta">
                  {agencies.get(r.agencyId)?.name} · {r.code} ·{' '}
                  {r.latestVersion === 0 ? t(lang, 'catalog.admin.status.draft') : t(lang, 'catalog.admin.status.published', { version: r.latestVersion })}
                </p>
                {r.latestVersion > 0 && r.draftPending ? <p class="flag">{t(lang, 'catalog.admin.status.pending')}</p> : null}
                {r.commentsOpen ? <p class="flag">{t(lang, 'catalog.admin.comments_open')}</p> : null}
                {r.reviewOverdue ? <p class="flag flag-warning">{t(lang, 'catalog.admin.overdue', { date: r.draft.reviewDate ?? '' })}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  });
}

async function newPage(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
  const lang = request.lang;
  const shown = onForm(errors);
  return sendPage(
    reply,
    {
      request,
      title: t(lang, 'catalog.admin.new'),
      children: (
        <>
          <p class="breadcrumb">
            <a href={base(request)}>{t(lang, 'catalog.admin.back')}</a>
          </p>
          <h1>{t(lang, 'catalog.admin.new')}</h1>
          <ErrorSummary lang={lang} errors={shown} />
          <Form request={request} action={`${base(request)}/baru`} class="stack">
            <Select name="agency" label={t(lang, 'catalog.f.agency')} lang={lang} errors={shown} value={values.agency} options={await agencyOptions(request)} />
            <Field name="code" label={t(lang, 'catalog.f.code')} lang={lang} errors={shown} value={values.code} />
            <Field name="name_id" label={`${t(lang, 'catalog.f.name')} (${t(lang, 'catalog.f.lang_id')})`} lang={lang} errors={shown} value={values.name_id} />
            <button type="submit">{t(lang, 'catalog.admin.create')}</button>
          </Form>
        </>
      ),
    },
    status,
  );
}

async function editPage(request: FastifyRequest, reply: FastifyReply, row: ServiceRow, state: { values?: FormValues; errors?: FieldError[]; notice?: string }, status = 200) {
  const lang = request.lang;
  const ctx = tenantContextOf(request);
  const form = state.values ?? formFromDefinition(row.draft);
  const errors = onForm(state.errors);
  const comments: CommentRow[] = await listComments(ctx, row.id);
  const agency = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.id === row.agencyId);
  const links = await serviceAdminLinks(request, row);
  const overdue = row.latestVersion > 0 && row.draft.reviewDate !== null && row.draft.reviewDate < todayIn(ctx.tenant, ctx.now());
  const text = (name: string, label: string, hint?: string) => <Field name={name} label={label} lang={lang} errors={errors} value={form[name]} hint={hint} />;
  const area = (name: string, label: string, rows: number, hint?: string) => (
    <TextArea name={name} label={label} lang={lang} errors={errors} value={form[name]} rows={rows} hint={hint} />
  );
  const choice = (name: string, label: string, options: { value: string; label: string }[]) => (
    <Select name={name} label={label} lang={lang} errors={errors} value={form[name]} options={options} />
  );
  const inId = (label: string) => `${label} (${t(lang, 'catalog.f.lang_id')})`;
  const inEn = (label: string) => `${label} (${t(lang, 'catalog.f.lang_en')})`;
  return sendPage(
    reply,
    {
      request,
      title: `${t(lang, 'catalog.admin.title')}: ${row.draft.name.id}`,
      children: (
        <>
          <p class="breadcrumb">
            <a href={base(request)}>{t(lang, 'catalog.admin.back')}</a>
          </p>
          <h1>{row.draft.name.id || row.code}</h1>
          <p class="meta">
            {agency?.name} · {row.code} ·{' '}
            {row.latestVersion === 0 ? t(lang, 'catalog.admin.status.draft') : t(lang, 'catalog.admin.status.published', { version: row.latestVersion })}
          </p>
          {state.notice ? (
            <p class="notice" role="status">
              {state.notice}
            </p>
          ) : null}
          {overdue ? <p class="flag flag-warning">{t(lang, 'catalog.admin.overdue', { date: row.draft.reviewDate ?? '' })}</p> : null}
          <ErrorSummary lang={lang} errors={errors} labels={componentLabels(lang)} />
          <p>
            {row.latestVersion > 0 && agency ? (
              <>
                <a href={`${request.basePath}/layanan/${agency.code}/${row.code}`}>{t(lang, 'catalog.admin.view_public')}</a> ·{' '}
              </>
            ) : null}
            {row.commentsOpen ? (
              <>
                <a href={`${request.basePath}/layanan/draf/${row.id}`}>{t(lang, 'catalog.admin.public_draft')}</a> ·{' '}
              </>
            ) : null}
            <a href={`${request.basePath}/api/v1/admin/services/${row.id}/export`}>{t(lang, 'catalog.admin.export')}</a>
            {links.map((l) => (
              <span key={l.href}>
                {' · '}
                <a href={l.href}>{l.label}</a>
              </span>
            ))}
          </p>
          <Form request={request} action={`${base(request)}/${row.id}`} class="stack">
            <fieldset>
              <legend>{t(lang, 'catalog.admin.basic')}</legend>
              {text('code', t(lang, 'catalog.f.code'))}
              {text('name_id', inId(t(lang, 'catalog.f.name')))}
              {text('name_en', inEn(t(lang, 'catalog.f.name')))}
              {area('summary_id', inId(t(lang, 'catalog.f.summary')), 2)}
              {area('summary_en', inEn(t(lang, 'catalog.f.summary')), 2)}
              {choice('category', t(lang, 'catalog.f.category'), CATEGORIES.map((c) => ({ value: c, label: t(lang, `catalog.cat.${c}`) })))}
              {text('fee', t(lang, 'catalog.f.fee'))}
              {text('completionDays', t(lang, 'catalog.f.days'))}
              {choice('channel', t(lang, 'catalog.f.channel'), CHANNELS.map((c) => ({ value: c, label: t(lang, `catalog.channel.${c}`) })))}
              {text('hall_name', t(lang, 'catalog.f.hall_name'))}
              {text('hall_address', t(lang, 'catalog.f.hall_address'))}
              {text('hall_hours', t(lang, 'catalog.f.hall_hours'))}
              {choice('minAssurance', t(lang, 'catalog.assurance'), ASSURANCE_LEVELS.map((a) => ({ value: a, label: t(lang, `catalog.assurance.${a}`) })))}
              {text('sk_number', t(lang, 'catalog.f.sk_number'))}
              {text('sk_date', t(lang, 'catalog.f.sk_date'))}
              {text('reviewDate', t(lang, 'catalog.f.review'))}
              {text('keywords', t(lang, 'catalog.f.keywords'))}
            </fieldset>
            <FeeRuleFields lang={lang} form={form} errors={errors} />
            {/* The summary links a life event's error here (f-<name>, as the kit names fields). */}
            <fieldset id="f-life_events">
              <legend>{t(lang, 'catalog.f.life_events')}</legend>
              {LIFE_EVENTS.map((e) => (
                <Field key={e} name={`le_${e}`} label={t(lang, `catalog.event.${e}`)} lang={lang} value={form[`le_${e}`]} type="number" />
              ))}
            </fieldset>
            <fieldset>
              <legend>{t(lang, 'catalog.admin.standard')}</legend>
              {COMPONENTS.map((key) => {
                const hint = LIST_COMPONENTS.includes(key) ? t(lang, 'catalog.f.lines') : undefined;
                return (
                  <div class="component-fields" key={key}>
                    {area(`comp_${key}_id`, inId(t(lang, `catalog.comp.${key}`)), 3, hint)}
                    {area(`comp_${key}_en`, inEn(t(lang, `catalog.comp.${key}`)), 3, hint)}
                  </div>
                );
              })}
            </fieldset>
            <TemplateFieldset lang={lang} form={form} errors={errors} />
            {text('effectiveFrom', t(lang, 'catalog.admin.effective_from'))}
            <div class="actions">
              <button type="submit" name="action" value="save">
                {t(lang, 'catalog.admin.save')}
              </button>{' '}
              <button type="submit" name="action" value="publish">
                {t(lang, 'catalog.admin.publish')}
              </button>{' '}
              <button type="submit" name="action" value={row.commentsOpen ? 'close_comments' : 'open_comments'} class="secondary">
                {row.commentsOpen ? t(lang, 'catalog.admin.close_comments') : t(lang, 'catalog.admin.open_comments')}
              </button>
            </div>
          </Form>
          <h2>{t(lang, 'catalog.admin.comments')}</h2>
          {comments.length === 0 ? (
            <p>{t(lang, 'catalog.admin.no_comments')}</p>
          ) : (
            <ul class="comments">
              {comments.map((c) => (
                <li key={c.id}>
                  <p class="meta">
                    {c.authorName ?? t(lang, 'catalog.admin.anonymous')} · <time dateTime={c.createdAt.toISOString()}>{c.createdAt.toISOString().slice(0, 10)}</time>
                  </p>
                  <p>{c.body}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      ),
    },
    status,
  );
}

async function importPage(request: FastifyRequest, reply: FastifyReply, values: FormValues = {}, errors?: FieldError[], status = 200) {
  const lang = request.lang;
  const shown = onForm(errors);
  return sendPage(
    reply,
    {
      request,
      title: t(lang, 'catalog.admin.import'),
      children: (
        <>
          <p class="breadcrumb">
            <a href={base(request)}>{t(lang, 'catalog.admin.back')}</a>
          </p>
          <h1>{t(lang, 'catalog.admin.import')}</h1>
          <ErrorSummary lang={lang} errors={shown} />
          <Form request={request} action={`${base(request)}/impor`} class="stack">
            <Select name="agency" label={t(lang, 'catalog.f.agency')} lang={lang} errors={shown} value={values.agency} options={await agencyOptions(request)} />
            <TextArea name="file" label={t(lang, 'catalog.admin.import_file')} lang={lang} errors={shown} value={values.file} rows={12} />
            <button type="submit">{t(lang, 'catalog.admin.import')}</button>
          </Form>
        </>
      ),
    },
    status,
  );
}

/** The edit page as a GET shows it: the saved draft, the notice a ?ok= names, and a refusal the last POST left (once). */
async function showEditPage(request: FastifyRequest<{ Querystring: { ok?: string; versi?: string } }>, reply: FastifyReply) {
  const row = await loadManaged(request, idOf(request));
  const { ok, versi } = request.query;
  const notice =
    ok === 'published'
      ? t(request.lang, 'catalog.admin.published', { version: Number(versi) || row.latestVersion })
      : ok && flashKeys.has(ok)
        ? t(request.lang, flashKeys.get(ok)!)
        : undefined;
  const refused = takeFormFlash(request, reply);
  const values = refused ? { ...formFromDefinition(row.draft), ...refused.values } : undefined;
  return editPage(request, reply, row, { notice, values, errors: refused?.errors });
}

const create = handleForm({
  act: async (request, values) => {
    const agency = await managedAgency(request, values.agency ?? '');
    const row = await createService(tenantContextOf(request), agency.id, emptyDefinition((values.code ?? '').trim(), (values.name_id ?? '').trim()));
    return `${base(request)}/${row.id}`;
  },
  show: (request, reply, values, errors, status) => newPage(request, reply, values, errors, status),
});

const edit = handleForm({
  act: async (request, values) => {
    const row = await loadManaged(request, idOf(request));
    const ctx = tenantContextOf(request);
    const here = `${base(request)}/${row.id}`;
    if (values.action === 'open_comments' || values.action === 'close_comments') {
      await setCommentsOpen(ctx, row.id, values.action === 'open_comments');
      return `${here}?ok=comments`;
    }
    // Saving first means a refused publication never loses what the admin typed.
    await updateDraft(ctx, row.id, definitionFromForm(request.lang, values, row.draft));
    if (values.action !== 'publish') return `${here}?ok=saved`;
    const effectiveFrom = values.effectiveFrom?.trim();
    try {
      const version = await publishService(ctx, row.id, effectiveFrom ? { effectiveFrom } : {});
      return `${here}?ok=published&versi=${version.version}`;
    } catch (error) {
      // The draft is saved, so this is no longer a form to send again: the edit page says it was
      // saved and why publishing was refused, keeping the one typed value the draft does not hold.
      const errors = formErrors(request.lang, error);
      if (!errors) throw error;
      return { to: `${here}?ok=saved`, flash: { errors, values: { effectiveFrom: values.effectiveFrom ?? '' } } };
    }
  },
  // A 403/404 from loading the service is raised again here and answered by the error handler.
  show: async (request, reply, values, errors, status) => editPage(request, reply, await loadManaged(request, idOf(request)), { values, errors }, status),
});

/** The definition in an export file pasted into the import form; a 400 on the file field when it is not one. */
function importedDefinition(lang: Lang, text: string | undefined): ServiceDefinition {
  const refuse = (errors: FieldError[]) => new DomainError('catalog.invalid_service', 400, 'error.catalog.invalid_service', {}, errors);
  let file: { format?: unknown; definition?: ServiceDefinition } | undefined;
  try {
    file = JSON.parse(text ?? '');
  } catch {
    file = undefined;
  }
  if (!file || file.format !== EXPORT_FORMAT || typeof file.definition !== 'object' || file.definition === null) {
    throw refuse([{ field: '/file', code: 'format', message: t(lang, 'catalog.admin.import_invalid') }]);
  }
  // Fill what an older or hand-written file lacks, so the draft has the full shape.
  const definition = { ...emptyDefinition('', ''), ...file.definition };
  if (!Value.Check(DefinitionSchema, definition)) {
    throw refuse(
      [...Value.Errors(DefinitionSchema, definition)].slice(0, 10).map((e) => ({
        field: '/file',
        code: 'schema',
        message: `${t(lang, 'catalog.admin.import_invalid')} (${e.path || '/'})`,
      })),
    );
  }
  return definition;
}

const importForm = handleForm({
  act: async (request, values) => {
    const definition = importedDefinition(request.lang, values.file);
    const agency = await managedAgency(request, values.agency ?? '');
    const row = await importService(tenantContextOf(request), agency.id, { format: EXPORT_FORMAT, exportedAt: '', definition });
    return `${base(request)}/${row.id}`;
  },
  show: (request, reply, values, errors, status) => importPage(request, reply, values, errors, status),
});

export function registerCatalogAdminPages(app: FastifyInstance) {
  const page = { config: manage, schema: { hide: true } };
  app.get('/kelola/layanan', page, listPage);
  app.get('/kelola/layanan/baru', page, (request, reply) => newPage(request, reply));
  app.post('/kelola/layanan/baru', page, create);
  app.get('/kelola/layanan/impor', page, (request, reply) => importPage(request, reply));
  app.post('/kelola/layanan/impor', page, importForm);
  app.get('/kelola/layanan/:id', withId, showEditPage);
  app.post('/kelola/layanan/:id', withId, edit);
}
