// The surveys module as the app registers it: its API and pages, the public index in the tenant's
// navigation and the officers' survey pages on their home, and its hook into applications — an application closed with the service delivered
// invites its applicant (in the transition's transaction) and shows them the survey link.
import type { FastifyInstance } from 'fastify';
import type { Job, JobHandler } from '../../platform/jobs/index.js';
import type { Tx } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerApplicationHook } from '../applications/index.js';
import { listTenants } from '../tenancy/index.js';
import { notifySurveyInvitation } from './notify.js';
import { registerSurveyAdminPages } from './admin-pages.js';
import { registerKioskPages } from './kiosk-pages.js';
import { registerSurveyPages } from './pages.js';
import { surveysHolder } from './personal-data.js';
import './policies.js';
import { registerSurveyRoutes } from './routes.js';
import { INVITE_JOB, inviteToSurvey } from './service.js';
import './strings.js';

// What erasure removes of a person's survey records (docs/identity.md, "Who holds what").
registerPersonalDataHolder('surveys', surveysHolder);

registerApplicationHook({
  onClosed: (trx, info) => inviteToSurvey(trx, info),
  applicantLinks: (application) => (application.status === 'closed' && application.outcome !== 'withdrawn' ? [{ label: 'svy.link', path: `/survei/${application.id}` }] : []),
});

export interface SurveyJobDeps {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  publicBaseUrl: string;
  now: () => Date;
}

/** The invitation job: tells the applicant (in-app and their channels) that their survey is open. */
export function surveyJobHandlers(deps: SurveyJobDeps): Record<string, JobHandler> {
  return {
    [INVITE_JOB]: async (job: Job, trx: Tx) => {
      const tenant = (await listTenants(trx)).find((t) => t.id === job.tenantId);
      if (!tenant) return;
      const ctx = { db: trx, audit: deps.audit, actor: { kind: 'system' as const, id: INVITE_JOB }, lang: 'id' as const, now: deps.now, tenant, publicBaseUrl: deps.publicBaseUrl };
      await notifySurveyInvitation(ctx, (job.payload as { applicationId: string }).applicationId);
    },
  };
}

export const surveysModule: GerbangModule = {
  name: 'surveys',
  register(app: FastifyInstance, _rt: ModuleRuntime) {
    registerSurveyRoutes(app);
    registerSurveyPages(app);
    registerSurveyAdminPages(app);
    registerKioskPages(app);
    registerNavigation(app, [
      { place: 'tenant-home', label: 'svy.ikm.link', hint: 'svy.ikm.link_hint', path: '/ikm', policy: 'surveys.public', order: 60 },
      { place: 'officer-home', label: 'svy.kiosk.issue.link', hint: 'svy.kiosk.issue.link_hint', path: '/petugas/survei/kode-kiosk', policy: 'surveys.kiosk_issue', order: 70 },
      { place: 'officer-home', label: 'svy.follow.link', hint: 'svy.follow.link_hint', path: '/kelola/survei/tindak-lanjut', policy: 'surveys.follow_up', order: 71 },
      { place: 'officer-home', label: 'svy.import.link', hint: 'svy.import.link_hint', path: '/kelola/survei/impor', policy: 'surveys.import', order: 72 },
    ]);
  },
};
