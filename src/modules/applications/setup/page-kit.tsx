// What the admin's setup pages share: their paths, the frame of a service's pages (the service, the
// tabs form · preview · workflow · check, the notice a ?ok= names), reading a posted form with its
// lists, and turning a definition's error pointers into the inputs of the page that shows them.
import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { DomainError, type FieldError, type PendingFieldError } from '../../../platform/errors.js';
import { CSRF_FIELD } from '../../../platform/http/csrf.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { sendPage } from '../../../web/layout.js';
import { applicationContext, officerOf } from '../context.js';
import type { Posted } from './form-edit.js';
import type { SetupOverview } from './service.js';
import { getSetupOverview } from './service.js';
import './strings.js';

/** The agency admin's pages for a service's online application, under the tenant. */
export const SETUP_BASE = '/kelola/permohonan';
export const setupPolicy: FastifyContextConfig = { policy: 'applications.setup' };

const UUID = { type: 'string', format: 'uuid' } as const;
const ID = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' } as const;
/** Page routes: hidden from OpenAPI; a malformed id is a 400 before any work. */
export const withService = { config: setupPolicy, schema: { hide: true, params: { type: 'object', properties: { id: UUID }, required: ['id'] } } };
export const withPart = (part: string) => ({
  config: setupPolicy,
  schema: { hide: true, params: { type: 'object', properties: { id: UUID, [part]: ID }, required: ['id', part] } },
});

export type ServiceParams = { Params: { id: string } };

export const servicePath = (request: FastifyRequest, serviceId: string) => `${request.basePath}${SETUP_BASE}/${serviceId}`;

/** The services' context and the officer, from the request. */
export function setupInput(request: FastifyRequest<ServiceParams>, rt: ModuleRuntime) {
  return { ctx: applicationContext(request, rt), input: { serviceId: request.params.id, officer: officerOf(request) } };
}

export const loadOverview = (request: FastifyRequest<ServiceParams>, rt: ModuleRuntime) => {
  const { ctx, input } = setupInput(request, rt);
  return getSetupOverview(ctx, input);
};

/** A posted urlencoded form with its repeated fields as lists (checkboxes), the CSRF token left out. */
export function readPosted(request: FastifyRequest): Posted {
  const out: Posted = {};
  const body = request.body;
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === CSRF_FIELD) continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

/** Refuses what was posted before anything is saved (the form shows again with it). */
export function refuseInput(errors: PendingFieldError[]): void {
  if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);
}

/**
 * A save's refusal with its errors' pointers moved onto the page's inputs (`map` answers the input's
 * pointer, or '/' for an error shown only at the top). Anything else passes unchanged.
 */
export async function onPage<T>(work: () => Promise<T>, map: (pointer: string) => string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || error.fieldErrors.length === 0) throw error;
    throw new DomainError(
      error.code,
      error.status,
      error.messageKey,
      error.vars,
      error.fieldErrors.map((e) => ({ ...e, field: map(e.field) })),
      error.extensions,
    );
  }
}

const NOTICES: Record<string, MessageKey> = {
  saved: 'app.builder.notice.saved',
  workflow: 'app.builder.notice.workflow',
  suggested: 'app.builder.notice.suggested',
  removed: 'app.builder.notice.removed',
};

type Tab = 'form' | 'preview' | 'workflow' | 'check';
const TABS: [Tab, string, MessageKey][] = [
  ['form', '/formulir', 'app.builder.tab.form'],
  ['preview', '/formulir/pratinjau', 'app.builder.tab.preview'],
  ['workflow', '/alur', 'app.builder.tab.workflow'],
  ['check', '/periksa', 'app.builder.tab.check'],
];

/** The top of every page of a service's setup: where it is, what it is, the tabs, and what just happened. */
export function SetupFrame(props: { request: FastifyRequest; overview: SetupOverview; tab: Tab; heading: string; children: ComponentChildren }) {
  const { request, overview } = props;
  const lang = request.lang;
  const ok = (request.query as { ok?: string } | undefined)?.ok;
  const notice = ok && NOTICES[ok] ? t(lang, NOTICES[ok]) : undefined;
  const here = servicePath(request, overview.serviceId);
  return (
    <>
      <p class="breadcrumb">
        <a href={`${request.basePath}${SETUP_BASE}`}>{t(lang, 'app.builder.back')}</a> ·{' '}
        <a href={`${request.basePath}/kelola/layanan/${overview.serviceId}`}>{t(lang, 'app.builder.to_catalog')}</a>
      </p>
      <h1>{props.heading}</h1>
      <p class="meta">
        {overview.service.name[lang]} · {overview.pending ? t(lang, 'app.builder.pending') : overview.updatedAt ? t(lang, 'app.builder.published_state') : t(lang, 'app.builder.nothing_yet')}
      </p>
      <nav class="tabs" aria-label={t(lang, 'app.builder.tabs')}>
        {TABS.map(([id, path, key]) => (
          <a key={id} href={`${here}${path}`} aria-current={id === props.tab ? 'page' : undefined}>
            {t(lang, key)}
          </a>
        ))}
      </nav>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {props.children}
    </>
  );
}

/** Bilingual words of a definition in the page's language. */
export const words = (text: { id: string; en: string } | undefined, lang: Lang) => (text ? text[lang] || text.id : '');

/** The errors an input shows beside it (the kit shows one; a step or a list item may have several). */
export const errorsAt = (errors: readonly FieldError[] | undefined, pointer: string) => (errors ?? []).filter((e) => e.field === pointer);

/** A page of a service's setup: the frame around `children`, answered with `status` (a refused form's 4xx). */
export function sendSetupPage(
  reply: FastifyReply,
  page: { request: FastifyRequest; overview: SetupOverview; tab: Tab; heading: string; status?: number },
  children: ComponentChildren,
) {
  return sendPage(
    reply,
    {
      request: page.request,
      title: page.heading,
      children: (
        <SetupFrame request={page.request} overview={page.overview} tab={page.tab} heading={page.heading}>
          {children}
        </SetupFrame>
      ),
    },
    page.status ?? 200,
  );
}

/** A form's "Simpan" and the way back without saving. */
export function SaveRow({ lang, back }: { lang: Lang; back: string }) {
  return (
    <div class="button-row">
      <button type="submit">{t(lang, 'app.builder.save')}</button>
      <a href={back}>{t(lang, 'app.builder.cancel')}</a>
    </div>
  );
}
