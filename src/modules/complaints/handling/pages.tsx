// Handling's pages: the coordinator's and the agencies' queues with their deadlines, and the posts of
// the report page's forms (forms.tsx) — an officer's action, revealing a confidential reporter, the
// reporter's rating or reopening. Each acts and redirects (POST/redirect/GET); refused input shows the
// report page again with the message beside the field and what was typed.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/index.js';
import type { DomainError } from '../../../platform/errors.js';
import { readMultipartForm } from '../../../platform/http/multipart.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { t } from '../../../platform/i18n/index.js';
import { type FormValues, formValues, handleForm } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { requireOfficerAccess } from '../access.js';
import '../policies.js';
import { type PublicPageDeps, renderTrackedReport } from '../public/pages.js';
import { renderReportPage } from '../report-page.js';
import type { SealedCookie } from '../sealed-cookie.js';
import { ComplaintList, sendPrivatePage } from '../ui.js';
import { actingOfficer, isReporterAction, reporterRef, toOfficerAction, toReporterAction } from './actions.js';
import { ATTACHMENT_MAX_BYTES, attachmentTooLarge, MAX_ATTACHMENTS, tooManyAttachments } from './attachments.js';
import { listQueue } from './queue.js';
import { actAsReporter } from './reporter.js';
import { actOnComplaint, type HandlingDeps, revealIdentity } from './service.js';

/** A revealed identity, carried from the reveal's POST to its page (never kept on the server). */
export type RevealedIdentity = { name: string | null; email: string | null; phone: string | null };

export interface HandlingPageDeps extends PublicPageDeps {
  handling: HandlingDeps;
  revealed: SealedCookie<RevealedIdentity>;
}

/** Refusals that have no form for this officer to correct: the error page (another agency's report, an action not theirs). */
const notTheirs = (error: DomainError) => error.status !== 403 && error.status !== 404;

export async function registerHandlingPages(app: FastifyInstance, deps: HandlingPageDeps) {
  const hidden = { hide: true };
  const handlingContext = (request: FastifyRequest) => ({ ...tenantContextOf(request), ...deps.handling });
  const refOf = (request: FastifyRequest) => (request.params as { ref: string }).ref;

  app.get<{ Querystring: { agency?: string } }>('/petugas/pengaduan', { schema: hidden, config: { policy: 'complaints.handle' } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = handlingContext(request);
    const access = requireOfficerAccess(request.principal);
    const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
    const mine = access.agencies === 'all' ? agencies : agencies.filter((a) => (access.agencies as readonly string[]).includes(a.id));
    // A handler opens on their (first) agency's queue; the coordinator on everything open.
    const code = request.query.agency ?? (access.coordinator ? undefined : mine[0]?.code);
    const items = await listQueue(ctx, { access, agency: code });
    const agency = code ? agencies.find((a) => a.code === code || a.id === code) : undefined;
    return sendPage(reply, {
      request,
      title: t(lang, 'cp.queue.title'),
      children: (
        <>
          <h1>
            {t(lang, 'cp.queue.title')}
            {agency ? ` — ${agency.name}` : ` — ${t(lang, 'cp.queue.coordinator')}`}
          </h1>
          <nav aria-label={t(lang, 'cp.queue.title')}>
            <ul class="inline-list">
              {access.coordinator ? (
                <li>
                  <a href={`${request.basePath}/petugas/pengaduan`}>{t(lang, 'cp.queue.coordinator')}</a>
                </li>
              ) : null}
              {mine.map((a) => (
                <li key={a.code}>
                  <a href={`${request.basePath}/petugas/pengaduan?agency=${a.code}`}>{a.name}</a>
                </li>
              ))}
              {can(request.principal, 'complaints.routing') ? (
                <>
                  <li>
                    <a href={`${request.basePath}/petugas/pengaduan/model-rute`}>{t(lang, 'cp.routing.link')}</a>
                  </li>
                  <li>
                    <a href={`${request.basePath}/petugas/pengaduan/wilayah-layanan`}>{t(lang, 'cp.areas.title')}</a>
                  </li>
                </>
              ) : null}
            </ul>
          </nav>
          <p class="meta">{t(lang, 'cp.queue.count', { count: items.length, overdue: items.filter((i) => i.deadline === 'overdue').length })}</p>
          <ComplaintList lang={lang} items={items} base={request.basePath} timeZone={ctx.tenant.timeZone} officer />
        </>
      ),
    });
  });

  /** An action form as posted: its text fields, and the answer's files (multipart). */
  interface PostedAction {
    values: FormValues;
  }

  // The officer action forms. The answer form is multipart (its attachments); the others are plain forms.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: MAX_ATTACHMENTS, fields: 20, parts: 30 } });
    scope.post(
      '/pengaduan/:ref/tindakan',
      { schema: hidden, config: { policy: 'complaints.handle' } },
      handleForm<PostedAction>({
        // Filled as the form arrives (in `act`), so a file refused halfway keeps what was typed before it.
        read: (request) => ({ values: request.isMultipart() ? {} : formValues(request.body) }),
        act: async (request, form) => {
          const access = actingOfficer(request.principal);
          try {
            const files = request.isMultipart()
              ? (await readMultipartForm(request, { values: form.values as Record<string, string>, fileTooLarge: (name) => attachmentTooLarge(name) })).files
              : [];
            const action = toOfficerAction(form.values, files.map((f) => ({ name: f.filename, data: f.data })));
            const updated = await actOnComplaint(handlingContext(request), { access, ref: refOf(request), ...action });
            const ok = action.action === 'hide' || action.action === 'unhide' ? action.action : '1';
            return `${request.basePath}/pengaduan/${updated.trackingNumber}?ok=${ok}`;
          } catch (error) {
            // The multipart file-count limit as the answer form's own error on its file field.
            throw (error as { code?: string }).code === 'FST_FILES_LIMIT' ? tooManyAttachments() : error;
          }
        },
        show: (request, reply, form, errors, status) =>
          renderReportPage(request, reply, deps, refOf(request), { failed: { action: form.values.action ?? '', values: form.values, errors }, status }),
        isFormError: notTheirs,
      }),
    );
  });

  // Who filed a confidential report: shown once, on its own page, after the audited reveal.
  const identityPage = (request: FastifyRequest) => `/pengaduan/${encodeURIComponent(refOf(request))}/identitas`;

  app.post(
    '/pengaduan/:ref/buka-identitas',
    { schema: hidden, config: { policy: 'complaints.reveal' } },
    handleForm({
      act: async (request, values, reply) => {
        const identity = await revealIdentity(handlingContext(request), { access: requireOfficerAccess(request.principal), ref: refOf(request), reason: values.reason ?? '' });
        deps.revealed.set(request, reply, { name: identity.name, email: identity.email, phone: identity.phone });
        return `${request.basePath}${identityPage(request)}`;
      },
      show: (request, reply, values, errors, status) => renderReportPage(request, reply, deps, refOf(request), { failed: { action: 'reveal', values, errors }, status }),
      isFormError: notTheirs,
    }),
  );

  app.get<{ Params: { ref: string } }>('/pengaduan/:ref/identitas', { schema: hidden, config: { policy: 'complaints.reveal' } }, async (request, reply) => {
    const identity = deps.revealed.read(request);
    if (!identity) return reply.redirect(`${request.basePath}/pengaduan/${encodeURIComponent(request.params.ref)}`, 303);
    deps.revealed.clear(request, reply);
    const lang = request.lang;
    return sendPrivatePage(reply, {
      request,
      title: t(lang, 'cp.action.reveal'),
      children: (
        <>
          <h1>{t(lang, 'cp.action.reveal')}</h1>
          <p class="warning">{t(lang, 'cp.reveal.logged')}</p>
          <dl class="facts">
            <dt>{t(lang, 'cp.field.name')}</dt>
            <dd>{identity.name ?? '—'}</dd>
            <dt>{t(lang, 'cp.field.email')}</dt>
            <dd>{identity.email ?? '—'}</dd>
            <dt>{t(lang, 'cp.field.phone')}</dt>
            <dd>{identity.phone ?? '—'}</dd>
          </dl>
          <p>
            <a href={`${request.basePath}/pengaduan/${request.params.ref}`}>{t(lang, 'cp.back')}</a>
          </p>
        </>
      ),
    });
  });

  // The reporter's rating or reopening: with the secret code (the tracking page) or from their account.
  app.post(
    '/pengaduan/lacak/tindakan',
    { schema: hidden, config: { policy: 'complaints.act' } },
    handleForm({
      act: async (request, b, reply) => {
        const who = reporterRef(request.principal, b.secretCode);
        const action = isReporterAction(b.action) ? b.action : 'confirm';
        const input = toReporterAction({
          action,
          rating: b.rating ? Number(b.rating) : undefined,
          // 'reopen' and 'false' answer the reopen offer of "not resolved" (reporter.ts) in the same step.
          resolved: b.resolved === undefined ? undefined : b.resolved === 'true',
          reopen: b.resolved === 'reopen' ? true : b.resolved === 'false' ? false : undefined,
          comment: b.comment,
          reason: b.reason,
        });
        const ctx = { ...tenantContextOf(request), agencies: deps.agencies };
        if ('secretCode' in who) {
          await actAsReporter(ctx, { who, ref: null, ...input });
          deps.tracking.set(request, reply, { code: who.secretCode });
          return `${request.basePath}/pengaduan/lacak/laporan?ok=1`;
        }
        await actAsReporter(ctx, { who, ref: b.ref ?? '', ...input });
        return `${request.basePath}/pengaduan/${encodeURIComponent(b.ref ?? '')}`;
      },
      show: (request, reply, b, errors, status) =>
        b.secretCode
          ? renderTrackedReport(request, reply, deps, b.secretCode, { errors, status })
          : renderReportPage(request, reply, deps, b.ref ?? '', { reporterErrors: errors, status }),
      isFormError: notTheirs,
    }),
  );
}
