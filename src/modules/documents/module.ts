// The documents module as the app registers it: its API and pages, and its hook into applications —
// an application closed as issued or approved queues the issuing of its signed document (in the
// transition's transaction, so the document is issued exactly when the closing commits).
import type { FastifyInstance } from 'fastify';
import { enqueueJob, type Job, type JobHandler } from '../../platform/jobs/index.js';
import type { Tx } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import { fileStoreFromConfig, type FileStore } from '../../platform/files/index.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { deriveKey } from '../../platform/secrets.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerApplicationHook } from '../applications/index.js';
import { listTenants } from '../tenancy/index.js';
import type { KeyDeps } from './keys.js';
import { registerDocumentPages } from './pages.js';
import { documentsHolder } from './personal-data.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import './policies.js';
import { registerDocumentRoutes } from './routes.js';
import { registerTemplatePreview } from './preview-routes.js';
import { configureDocumentThreads } from './signing/pool.js';
import { issueApplicationDocument } from './service.js';
import './strings.js';

export const ISSUE_JOB = 'documents.issue';

// What erasure keeps and removes of a person's documents (docs/identity.md, "Who holds what").
registerPersonalDataHolder('documents', documentsHolder);

registerApplicationHook({
  async onClosed(trx, info) {
    if (info.outcome !== 'issued' && info.outcome !== 'approved') return;
    await enqueueJob(trx, {
      kind: ISSUE_JOB,
      tenantId: info.tenantId,
      payload: { applicationId: info.applicationId, applicantId: info.applicantId, outcome: info.outcome },
      dedupeKey: `${info.tenantId}:${info.applicationId}`,
    });
  },
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

/** The issuing job: draws, signs and stores the document of a closed application (idempotent). */
export function documentJobHandlers(deps: DocumentJobDeps): Record<string, JobHandler> {
  return {
    [ISSUE_JOB]: async (job: Job, trx: Tx) => {
      const tenant = (await listTenants(trx)).find((t) => t.id === job.tenantId);
      if (!tenant) return;
      const ctx = { db: trx, audit: deps.audit, actor: { kind: 'system' as const, id: 'documents.issue' }, lang: 'id' as const, now: deps.now, tenant, publicBaseUrl: deps.publicBaseUrl };
      await issueApplicationDocument(ctx, { keys: deps.keys, files: deps.files }, job.payload as { applicationId: string; applicantId: string; outcome: string });
    },
  };
}

export const documentsModule: GerbangModule = {
  name: 'documents',
  register(app: FastifyInstance, rt: ModuleRuntime) {
    const files = fileStoreFromConfig(rt.config);
    configureDocumentThreads(rt.config.documentThreads);
    registerDocumentRoutes(app);
    registerDocumentPages(app, files);
    registerTemplatePreview(app, rt);
    registerNavigation(app, [
      { place: 'header', label: 'doc.wallet.title', path: '/dokumen', policy: 'documents.mine', for: ['citizen'], order: 17 },
    ]);
  },
};
