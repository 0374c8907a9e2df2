// The applications pages as the module registers them: the citizen's apply pages, their applications
// and public tracking, the officers' queue and application view, the "Ajukan permohonan" link on every
// service page that takes applications online (the catalogue's seam), and the header links to
// "Permohonan saya" and to the officers' queue on every page of a signed-in person.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { meetsAssurance } from '../../platform/auth/index.js';
import type { FileStore } from '../../platform/files/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { type PublicService, registerServicePageAction } from '../catalog/index.js';
import type { ApplicationContext } from './context.js';
import { registerHandlingPages } from './handling/pages.js';
import { registerIntakePages } from './intake/pages.js';
import { frozenVersion } from './setup/service.js';
import { registerSetupPages } from './setup/pages.js';
import './strings.js';
import { registerApplicantPages } from './tracking/pages.js';

/** "Ajukan permohonan" on a service page, when its published version has a form and a workflow. */
async function applyAction(request: FastifyRequest, service: PublicService) {
  // frozenVersion reads only the database and the tenant of the context.
  const ctx = { ...tenantContextOf(request), publicBaseUrl: '' } as ApplicationContext;
  if (!(await frozenVersion(ctx, service.versionId))) return undefined;
  const p = request.principal;
  // A signed-in citizen below the service's level learns it here; the start page says how to raise it.
  const hint =
    p.kind === 'citizen' && !meetsAssurance(p.assurance, service.minAssurance)
      ? t(request.lang, 'app.assurance.hint', { needed: t(request.lang, `identity.assurance.${service.minAssurance}`), have: t(request.lang, `identity.assurance.${p.assurance}`) })
      : undefined;
  return { href: `${request.basePath}/permohonan/ajukan/${service.id}`, label: t(request.lang, 'app.page.apply.link'), ...(hint ? { hint } : {}) };
}
registerServicePageAction(applyAction);

export function registerApplicationPages(app: FastifyInstance, rt: ModuleRuntime, files: FileStore) {
  registerIntakePages(app, rt, files);
  registerApplicantPages(app, rt, files);
  registerHandlingPages(app, rt);
  registerSetupPages(app, rt);
}
