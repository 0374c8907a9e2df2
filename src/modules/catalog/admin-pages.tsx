// Agency admin pages of the catalogue (no JavaScript needed: POST + redirect): the list of services
// with their state and overdue reviews, create, edit every component, publish (with an effective
// date), open a draft for public comment and read the comments, import a definition.
import { Value } from '@sinclair/typebox/value';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/index.js';
import { DomainError, type FieldError, toProblem } from '../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { sendPage } from '../../web/layout.js';
import { listAgencies } from '../tenancy/index.js';
import { loadManaged, managedAgency } from './admin-routes.js';
import {
  ASSURANCE_LEVELS,
  CATEGORIES,
  CHANNELS,
  COMPONENTS,
  type ComponentKey,
  emptyDefinition,
  LIFE_EVENTS,
  LIST_COMPONENTS,
  type ServiceDefinition,
} from './model.js';
import { ServiceDefinition as DefinitionSchema } from './schemas.js';
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
import './strings.js';

const manage: FastifyContextConfig = { policy: 'catalog.manage' };
type Form = Record<string, string | undefined>;

/** The input id that shows a field error (the API's JSON pointer → the form's field). */
export function inputIdFor(field: string): string {
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
  const component = /^\/components\/(\w+)$/.exec(field);
  if (component) return `comp_${component[1]}_id`;
  const step = /^\/lifeEvents\/(\d+)\/step$/.exec(field);
  if (step) return 'life_events';
  return map[field] ?? field.replace(/\W+/g, '_');
}

function parseAmount(raw: string | undefined): number | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  // "25.000" is how rupiah are written in Indonesian; anything else that is not a whole number is
  // passed on as NaN or a fraction so the service names the error.
  if (/^\d{1,3}(\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ''));
  return Number(text.replace(',', '.'));
}

/** A definition from the edit form's fields. */
export function definitionFromForm(form: Form, current: ServiceDefinition): ServiceDefinition {
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
    completionDays: parseAmount(form.completionDays),
    keywords: s('keywords')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== ''),
    lifeEvents: LIFE_EVENTS.filter((e) => s(`le_${e}`) !== '').map((e) => ({ event: e, step: Number(s(`le_${e}`)) })),
    sk: s('sk_number') || s('sk_date') ? { number: s('sk_number'), date: s('sk_date') } : null,
    reviewDate: s('reviewDate') || null,
  };
}

function formFromDefinition(def: ServiceDefinition): Form {
  const form: Form = {
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
  };
  for (const le of def.lifeEvents) form[`le_${le.event}`] = String(le.step);
  for (const key of COMPONENTS) {
    form[`comp_${key}_id`] = def.components[key]?.id ?? '';
    form[`comp_${key}_en`] = def.components[key]?.en ?? '';
  }
  return form;
}

interface FieldProps {
  id: string;
  label: string;
  form: Form;
  errors: FieldError[];
  type?: string;
  hint?: string;
  multiline?: number;
}

function Field({ id, label, form, errors, type, hint, multiline }: FieldProps) {
  const error = errors.find((e) => inputIdFor(e.field) === id);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
      {multiline ? (
        <textarea id={id} name={id} rows={multiline} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
          {form[id] ?? ''}
        </textarea>
      ) : (
        <input id={id} name={id} type={type ?? 'text'} value={form[id] ?? ''} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} />
      )}
    </div>
  );
}

function Select({ id, label, value, options }: { id: string; label: string; value: string | undefined; options: [string, string][] }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value} key={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A form's errors above the form, each linking to the input that shows it. */
function FormErrorSummary({
  lang,
  errors,
  inputId,
  label,
}: {
  lang: Lang;
  errors: FieldError[];
  /** The id of the input that shows a field's error. */
  inputId: (field: string) => string;
  /** Text put before a field's message (e.g. the component's name). */
  label?: (field: string) => string;
}) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{t(lang, 'catalog.errors.summary')}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={`${e.field}-${i}`}>
            <a href={`#${inputId(e.field)}`}>
              {label?.(e.field) ?? ''}
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ErrorSummary({ lang, errors }: { lang: Lang; errors: FieldError[] }) {
  const componentName = (field: string) =>
    field.startsWith('/components/') ? `${t(lang, `catalog.comp.${field.slice(12) as ComponentKey}`)}: ` : '';
  return <FormErrorSummary lang={lang} errors={errors} inputId={inputIdFor} label={componentName} />;
}

// A Map: the key comes from the query string (?ok=constructor must find nothing).
const flashKeys: ReadonlyMap<string, MessageKey> = new Map([
  ['saved', 'catalog.admin.saved'],
  ['comments', 'catalog.admin.comments_changed'],
]);

export function registerCatalogAdminPages(app: FastifyInstance) {
  const base = (request: FastifyRequest) => `${request.basePath}/kelola/layanan`;

  app.get('/kelola/layanan', { config: manage, schema: { hide: true } }, async (request, reply) => {
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
  });

  const newPage = async (request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldError[], status = 200) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const agencies = (await listAgencies(ctx.db, ctx.tenant)).filter((a) => can(request.principal, 'catalog.manage', { agencyId: a.id }));
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
            <ErrorSummary lang={lang} errors={errors} />
            <form method="post" action={`${base(request)}/baru`} class="stack">
              <input type="hidden" name="_csrf" value={request.csrfToken()} />
              <Select id="agency" label={t(lang, 'catalog.f.agency')} value={form.agency} options={agencies.map((a) => [a.code, a.name])} />
              <Field id="code" label={t(lang, 'catalog.f.code')} form={form} errors={errors} />
              <Field id="name_id" label={`${t(lang, 'catalog.f.name')} (${t(lang, 'catalog.f.lang_id')})`} form={form} errors={errors} />
              <button type="submit">{t(lang, 'catalog.admin.create')}</button>
            </form>
          </>
        ),
      },
      status,
    );
  };

  const problemErrors = (error: unknown, lang: Lang): FieldError[] | undefined =>
    error instanceof DomainError && error.fieldErrors.length > 0 ? (toProblem(error, lang).errors ?? []) : undefined;

  app.get('/kelola/layanan/baru', { config: manage, schema: { hide: true } }, (request, reply) => newPage(request, reply, {}, []));

  app.post<{ Body: Form }>('/kelola/layanan/baru', { config: manage, schema: { hide: true } }, async (request, reply) => {
    const form = request.body ?? {};
    try {
      const agency = await managedAgency(request, form.agency ?? '');
      const row = await createService(tenantContextOf(request), agency.id, emptyDefinition((form.code ?? '').trim(), (form.name_id ?? '').trim()));
      return reply.redirect(`${base(request)}/${row.id}`, 303);
    } catch (error) {
      const errors = problemErrors(error, request.lang);
      if (errors) return newPage(request, reply, form, errors, (error as DomainError).status);
      throw error;
    }
  });

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: ServiceRow,
    state: { form?: Form; errors?: FieldError[]; notice?: string },
    status = 200,
  ) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    const form = state.form ?? formFromDefinition(row.draft);
    const errors = state.errors ?? [];
    const comments: CommentRow[] = await listComments(ctx, row.id);
    const agency = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.id === row.agencyId);
    const overdue = row.latestVersion > 0 && row.draft.reviewDate !== null && row.draft.reviewDate < todayIn(ctx.tenant, ctx.now());
    const action = `${base(request)}/${row.id}`;
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
            <ErrorSummary lang={lang} errors={errors} />
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
            </p>
            <form method="post" action={action} class="stack">
              <input type="hidden" name="_csrf" value={request.csrfToken()} />
              <fieldset>
                <legend>{t(lang, 'catalog.admin.basic')}</legend>
                <Field id="code" label={t(lang, 'catalog.f.code')} form={form} errors={errors} />
                <Field id="name_id" label={`${t(lang, 'catalog.f.name')} (${t(lang, 'catalog.f.lang_id')})`} form={form} errors={errors} />
                <Field id="name_en" label={`${t(lang, 'catalog.f.name')} (${t(lang, 'catalog.f.lang_en')})`} form={form} errors={errors} />
                <Field id="summary_id" label={`${t(lang, 'catalog.f.summary')} (${t(lang, 'catalog.f.lang_id')})`} form={form} errors={errors} multiline={2} />
                <Field id="summary_en" label={`${t(lang, 'catalog.f.summary')} (${t(lang, 'catalog.f.lang_en')})`} form={form} errors={errors} multiline={2} />
                <Select id="category" label={t(lang, 'catalog.f.category')} value={form.category} options={CATEGORIES.map((c) => [c, t(lang, `catalog.cat.${c}`)])} />
                <Field id="fee" label={t(lang, 'catalog.f.fee')} form={form} errors={errors} type="text" />
                <Field id="completionDays" label={t(lang, 'catalog.f.days')} form={form} errors={errors} type="text" />
                <Select id="channel" label={t(lang, 'catalog.f.channel')} value={form.channel} options={CHANNELS.map((c) => [c, t(lang, `catalog.channel.${c}`)])} />
                <Field id="hall_name" label={t(lang, 'catalog.f.hall_name')} form={form} errors={errors} />
                <Field id="hall_address" label={t(lang, 'catalog.f.hall_address')} form={form} errors={errors} />
                <Field id="hall_hours" label={t(lang, 'catalog.f.hall_hours')} form={form} errors={errors} />
                <Select
                  id="minAssurance"
                  label={t(lang, 'catalog.assurance')}
                  value={form.minAssurance}
                  options={ASSURANCE_LEVELS.map((a) => [a, t(lang, `catalog.assurance.${a}`)])}
                />
                <Field id="sk_number" label={t(lang, 'catalog.f.sk_number')} form={form} errors={errors} />
                <Field id="sk_date" label={t(lang, 'catalog.f.sk_date')} form={form} errors={errors} />
                <Field id="reviewDate" label={t(lang, 'catalog.f.review')} form={form} errors={errors} />
                <Field id="keywords" label={t(lang, 'catalog.f.keywords')} form={form} errors={errors} />
              </fieldset>
              <fieldset id="life_events">
                <legend>{t(lang, 'catalog.f.life_events')}</legend>
                {LIFE_EVENTS.map((e) => (
                  <Field key={e} id={`le_${e}`} label={t(lang, `catalog.event.${e}`)} form={form} errors={[]} type="number" />
                ))}
              </fieldset>
              <fieldset>
                <legend>{t(lang, 'catalog.admin.standard')}</legend>
                {COMPONENTS.map((key) => {
                  const hint = LIST_COMPONENTS.includes(key) ? t(lang, 'catalog.f.lines') : undefined;
                  return (
                    <div class="component-fields" key={key}>
                      <Field id={`comp_${key}_id`} label={`${t(lang, `catalog.comp.${key}`)} (${t(lang, 'catalog.f.lang_id')})`} form={form} errors={errors} multiline={3} hint={hint} />
                      <Field id={`comp_${key}_en`} label={`${t(lang, `catalog.comp.${key}`)} (${t(lang, 'catalog.f.lang_en')})`} form={form} errors={[]} multiline={3} hint={hint} />
                    </div>
                  );
                })}
              </fieldset>
              <Field id="effectiveFrom" label={t(lang, 'catalog.admin.effective_from')} form={form} errors={errors} />
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
            </form>
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
  };

  app.get<{ Params: { id: string }; Querystring: { ok?: string; versi?: string } }>(
    '/kelola/layanan/:id',
    { config: manage, schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    async (request, reply) => {
      const row = await loadManaged(request, request.params.id);
      const lang = request.lang;
      const ok = request.query.ok;
      const notice =
        ok === 'published' ? t(lang, 'catalog.admin.published', { version: Number(request.query.versi) || row.latestVersion }) : ok && flashKeys.has(ok) ? t(lang, flashKeys.get(ok)!) : undefined;
      return editPage(request, reply, row, { notice });
    },
  );

  app.post<{ Params: { id: string }; Body: Form }>(
    '/kelola/layanan/:id',
    { config: manage, schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    async (request, reply) => {
      const row = await loadManaged(request, request.params.id);
      const ctx = tenantContextOf(request);
      const form = request.body ?? {};
      const here = `${base(request)}/${row.id}`;
      try {
        if (form.action === 'open_comments' || form.action === 'close_comments') {
          await setCommentsOpen(ctx, row.id, form.action === 'open_comments');
          return reply.redirect(`${here}?ok=comments`, 303);
        }
        // Saving first means a refused publication never loses what the admin typed.
        const saved = await updateDraft(ctx, row.id, definitionFromForm(form, row.draft));
        if (form.action !== 'publish') return reply.redirect(`${here}?ok=saved`, 303);
        try {
          const version = await publishService(ctx, row.id, form.effectiveFrom?.trim() ? { effectiveFrom: form.effectiveFrom.trim() } : {});
          return reply.redirect(`${here}?ok=published&versi=${version.version}`, 303);
        } catch (error) {
          const errors = problemErrors(error, request.lang);
          if (errors) return editPage(request, reply, saved, { form, errors, notice: t(request.lang, 'catalog.admin.saved') }, (error as DomainError).status);
          throw error;
        }
      } catch (error) {
        const errors = problemErrors(error, request.lang);
        if (errors) return editPage(request, reply, row, { form, errors }, (error as DomainError).status);
        throw error;
      }
    },
  );

  const importPage = (request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldError[], status = 200) => {
    const ctx = tenantContextOf(request);
    return listAgencies(ctx.db, ctx.tenant).then((all) => {
      const lang = request.lang;
      const agencies = all.filter((a) => can(request.principal, 'catalog.manage', { agencyId: a.id }));
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
              <ErrorSummary lang={lang} errors={errors} />
              <form method="post" action={`${base(request)}/impor`} class="stack">
                <input type="hidden" name="_csrf" value={request.csrfToken()} />
                <Select id="agency" label={t(lang, 'catalog.f.agency')} value={form.agency} options={agencies.map((a) => [a.code, a.name])} />
                <Field id="file" label={t(lang, 'catalog.admin.import_file')} form={form} errors={errors} multiline={12} />
                <button type="submit">{t(lang, 'catalog.admin.import')}</button>
              </form>
            </>
          ),
        },
        status,
      );
    });
  };

  app.get('/kelola/layanan/impor', { config: manage, schema: { hide: true } }, (request, reply) => importPage(request, reply, {}, []));

  app.post<{ Body: Form }>('/kelola/layanan/impor', { config: manage, schema: { hide: true } }, async (request, reply) => {
    const form = request.body ?? {};
    const lang = request.lang;
    let file: { format?: unknown; definition?: ServiceDefinition } | undefined;
    try {
      file = JSON.parse(form.file ?? '');
    } catch {
      file = undefined;
    }
    if (!file || file.format !== EXPORT_FORMAT || typeof file.definition !== 'object' || file.definition === null) {
      const errors = [{ field: '/file', code: 'format', message: t(lang, 'catalog.admin.import_invalid') }];
      return importPage(request, reply, form, errors, 400);
    }
    try {
      const agency = await managedAgency(request, form.agency ?? '');
      // Fill what an older or hand-written file lacks, so the draft has the full shape.
      const definition = { ...emptyDefinition('', ''), ...file.definition };
      if (!Value.Check(DefinitionSchema, definition)) {
        const errors = [...Value.Errors(DefinitionSchema, definition)].slice(0, 10).map((e) => ({
          field: '/file',
          code: 'schema',
          message: `${t(lang, 'catalog.admin.import_invalid')} (${e.path || '/'})`,
        }));
        return await importPage(request, reply, form, errors, 400);
      }
      const row = await importService(tenantContextOf(request), agency.id, {
        format: EXPORT_FORMAT,
        exportedAt: '',
        definition,
      });
      return reply.redirect(`${base(request)}/${row.id}`, 303);
    } catch (error) {
      const errors = problemErrors(error, lang);
      if (errors) return importPage(request, reply, form, errors, (error as DomainError).status);
      throw error;
    }
  });
}
