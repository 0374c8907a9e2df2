// The agency admin's pages for a service's online application (issue 18, "Admins"; docs/applications.md):
// the list of the services they administer with the state of each one's form and workflow (the entry
// page, on the officer's home), the form builder and its preview (form-pages.tsx), the workflow editor
// (workflow-pages.tsx), and the check of what publishing would say. Publishing stays the catalogue's:
// the check page links to the service's catalogue page, and the catalogue's page links here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { sendPage } from '../../../web/layout.js';
import { registerServiceAdminLink } from '../../catalog/index.js';
import { applicationContext, officerOf } from '../context.js';
import { registerFormBuilderPages } from './form-pages.js';
import { loadOverview, sendSetupPage, type ServiceParams, servicePath, SETUP_BASE, setupInput, setupPolicy, withService } from './page-kit.js';
import { checkServiceSetup, listManagedSetups, managesAgency } from './service.js';
import './strings.js';
import { registerWorkflowEditorPages } from './workflow-pages.js';

// The catalogue's admin page of a service links to its form and workflow, for whoever may edit them.
registerServiceAdminLink(async (request, service) => {
  const principal = request.principal;
  if (principal.kind !== 'officer' || !managesAgency({ id: principal.id, grants: principal.grants }, service.agencyId)) return undefined;
  return { href: `${request.basePath}${SETUP_BASE}/${service.id}/formulir`, label: t(request.lang, 'app.builder.catalog_link') };
});

async function listPage(request: FastifyRequest, reply: FastifyReply, rt: ModuleRuntime) {
  const lang = request.lang;
  const items = await listManagedSetups(applicationContext(request, rt), officerOf(request));
  const title = t(lang, 'app.builder.list.title');
  const state = (s: (typeof items)[number]) =>
    !s.hasForm && !s.hasWorkflow
      ? t(lang, 'app.builder.list.none')
      : [s.hasForm ? t(lang, 'app.builder.list.form') : t(lang, 'app.builder.list.no_form'), s.hasWorkflow ? t(lang, 'app.builder.list.workflow') : t(lang, 'app.builder.list.no_workflow'), s.pending ? t(lang, 'app.builder.pending') : t(lang, 'app.builder.published_state')].join(' · ');
  return sendPage(reply, {
    request,
    title,
    children: (
      <>
        <h1>{title}</h1>
        <p class="lead">{t(lang, 'app.builder.list.lead')}</p>
        {items.length === 0 ? (
          <p>{t(lang, 'app.builder.list.empty')}</p>
        ) : (
          <ul class="card-list" id="setup-list">
            {items.map((s) => (
              <li class="card" key={s.serviceId}>
                <h2>
                  <a href={`${request.basePath}${SETUP_BASE}/${s.serviceId}/formulir`}>{s.name}</a>
                </h2>
                <p class="meta">
                  {s.code} · {state(s)}
                </p>
                <p>
                  <a href={`${request.basePath}${SETUP_BASE}/${s.serviceId}/alur`}>
                    {t(lang, 'app.builder.tab.workflow')}
                    <span class="visually-hidden"> {s.name}</span>
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  });
}

async function checkPage(request: FastifyRequest<ServiceParams>, reply: FastifyReply, rt: ModuleRuntime) {
  const lang = request.lang;
  const overview = await loadOverview(request, rt);
  const { ctx, input } = setupInput(request, rt);
  const result = await checkServiceSetup(ctx, input);
  const heading = t(lang, 'app.builder.check.title');
  const here = servicePath(request, overview.serviceId);
  const fix = (field: string) => (field.startsWith('/workflow') ? `${here}/alur` : `${here}/formulir`);
  return sendSetupPage(reply, { request, overview, tab: 'check', heading }, <>
      {!overview.form && !overview.workflow ? (
        // Publishing a service with neither publishes it without an online application: nothing to refuse.
        <p id="check-result">{t(lang, 'app.builder.check.none')}</p>
      ) : result.ok ? (
        <p class="notice" role="status" id="check-result">
          {t(lang, 'app.builder.check.ok')}
        </p>
      ) : (
        <div class="warning" id="check-result">
          <p>{t(lang, 'app.builder.check.refused')}</p>
          <ul>
            {result.errors.map((e) => (
              <li key={e.field + e.code}>
                {e.message} <a href={fix(e.field)}>{t(lang, 'app.builder.check.fix')}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>{t(lang, 'app.builder.check.publish_lead')}</p>
      <p>
        <a class="button" href={`${request.basePath}/kelola/layanan/${overview.serviceId}`}>
          {t(lang, 'app.builder.check.publish')}
        </a>
      </p>
    </>);
}

export function registerSetupPages(app: FastifyInstance, rt: ModuleRuntime) {
  app.get(SETUP_BASE, { config: setupPolicy, schema: { hide: true } }, (request, reply) => listPage(request, reply, rt));
  app.get<ServiceParams>(`${SETUP_BASE}/:id/periksa`, withService, (request, reply) => checkPage(request, reply, rt));
  registerFormBuilderPages(app, rt);
  registerWorkflowEditorPages(app, rt);
}
