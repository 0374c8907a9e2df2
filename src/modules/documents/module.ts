// The documents module as the app registers it: its API and pages, and its hooks into applications —
// a signing step begun prepares the application's document (signing-step/), and an application closed
// as issued or approved without a signed document queues its issuing (both in the transition's
// transaction, so they happen exactly when it commits); the application page links signing steps to
// the signing page.
import type { FastifyInstance } from 'fastify';
import { enqueueJob, type Job, type JobHandler } from '../../platform/jobs/index.js';
import type { Tx } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import { fileStoreFromConfig, type FileStore } from '../../platform/files/index.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { deriveKey } from '../../platform/secrets.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerApplicationHook, registerWaitStepAction } from '../applications/index.js';
import { listTenants } from '../tenancy/index.js';
import type { KeyDeps } from './keys.js';
import { registerOfficerDocumentPages } from './officer-pages.js';
import { registerDocumentPages } from './pages.js';
import { documentsHolder } from './personal-data.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import './policies.js';
import { registerDocumentRoutes } from './routes.js';
import { registerSigningPages } from './signing-step/pages.js';
import { registerSigningRoutes } from './signing-step/routes.js';
import { closedApplicationDocument, prepareApplicationDocument, SIGNED_EVENT } from './signing-step/service.js';
import { selectDocumentByApplication } from './store.js';
import { registerShareLinkRoutes } from './share-routes.js';
import { registerTemplatePreview } from './preview-routes.js';
import { configureDocumentThreads } from './signing/pool.js';
import './strings.js';

export const ISSUE_JOB = 'documents.issue';

// What erasure keeps and removes of a person's documents (docs/identity.md, "Who holds what").
registerPersonalDataHolder('documents', documentsHolder);

registerApplicationHook({
  async onAwait(_trx, info, ctx) {
    if (info.event !== SIGNED_EVENT) return;
    await prepareApplicationDocument(ctx, { applicationId: info.applicationId, applicantId: info.applicantId, outcome: info.outcomeAhead });
  },
  async onClosed(trx, info) {
    if (info.outcome !== 'issued' && info.outcome !== 'approved') return;
    // Signed at the workflow's signing step already: issued once, there.
    const existing = await selectDocumentByApplication(trx, info.tenantId, info.applicationId);
    if (existing && existing.status !== 'pending') return;
    await enqueueJob(trx, {
      kind: ISSUE_JOB,
      tenantId: info.tenantId,
      payload: { applicationId: info.applicationId, applicantId: info.applicantId, outcome: info.outcome },
      dedupeKey: `${info.tenantId}:${info.applicationId}`,
    });
  },
});

registerWaitStepAction({
  event: SIGNED_EVENT,
  policy: 'documents.sign',
  label: 'doc.sign.action',
  viewLabel: 'doc.sign.view',
  path: (applicationId) => `/petugas/permohonan/${applicationId}/tanda-tangan`,
});

export function signingKeyDeps(config: ModuleRuntime['config'], appSecret: Buffer): KeyDeps {
  return { sealKey: deriveKey(appSecret, 'documents.signing-key'), production: config.env === 'production' };
}

export interface DocumentJobDeps {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  keys: KeyDeps;
  files: FileStore;
  publicBaseUrl: string;
  now: () => Date;
}

/** The issuing job: draws, signs and stores the document of a closed application unless its signing step did (idempotent). */
export function documentJobHandlers(deps: DocumentJobDeps): Record<string, JobHandler> {
  return {
    [ISSUE_JOB]: async (job: Job, trx: Tx) => {
      const tenant = (await listTenants(trx)).find((t) => t.id === job.tenantId);
      if (!tenant) return;
      const ctx = { db: trx, audit: deps.audit, actor: { kind: 'system' as const, id: 'documents.issue' }, lang: 'id' as const, now: deps.now, tenant, publicBaseUrl: deps.publicBaseUrl };
      await closedApplicationDocument(ctx, { keys: deps.keys, files: deps.files }, job.payload as { applicationId: string; applicantId: string; outcome: string });
    },
  };
}

export const documentsModule: GerbangModule = {
  name: 'documents',
  register(app: FastifyInstance, rt: ModuleRuntime) {
    const files = fileStoreFromConfig(rt.config);
    const issue = { keys: signingKeyDeps(rt.config, rt.appSecret), files };
    configureDocumentThreads(rt.config.documentThreads);
    registerDocumentRoutes(app);
    registerShareLinkRoutes(app);
    registerDocumentPages(app, files);
    registerSigningRoutes(app, rt, issue);
    registerSigningPages(app, rt, issue);
    registerOfficerDocumentPages(app);
    registerTemplatePreview(app, rt);
    registerNavigation(app, [
      { place: 'header', label: 'doc.wallet.title', path: '/dokumen', policy: 'documents.mine', for: ['citizen'], order: 17 },
      { place: 'officer-home', label: 'doc.officer.title', path: '/petugas/dokumen', policy: 'documents.revoke', hint: 'doc.officer.hint', order: 60 },
    ]);
  },
};
