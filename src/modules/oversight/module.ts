// The oversight module as the app registers it: its API, its pages and their links on the officer's
// home page, and the job that reads the audit chain (serve.ts schedules it).
import type { FastifyInstance } from 'fastify';
import type { Tx } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import type { Job, JobHandler } from '../../platform/jobs/index.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { listTenants } from '../tenancy/index.js';
import { OVERSIGHT_JOB, scanTenant } from './job.js';
import { FLAGS_PATH, KEYS_PATH, PERFORMANCE_PATH, registerOversightPages } from './pages.js';
import './policies.js';
import { registerOversightRoutes } from './routes.js';
import './strings.js';

export const oversightModule: GerbangModule = {
  name: 'oversight',
  register(app: FastifyInstance, _rt: ModuleRuntime) {
    registerOversightRoutes(app);
    registerOversightPages(app);
    registerNavigation(app, [
      { place: 'officer-home', label: 'ovs.perf.link', hint: 'ovs.perf.link_hint', path: PERFORMANCE_PATH, policy: 'oversight.performance', order: 80 },
      { place: 'officer-home', label: 'ovs.flags.link', hint: 'ovs.flags.link_hint', path: FLAGS_PATH, policy: 'oversight.flags', order: 81 },
      { place: 'officer-home', label: 'ovs.keys.link', hint: 'ovs.keys.link_hint', path: KEYS_PATH, policy: 'oversight.officer_keys', order: 82 },
    ]);
  },
};

/** The job's handler: every tenant's increment of the audit chain, one after the other. */
export function oversightJobHandlers(deps: { audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string }; now: () => Date }): Record<string, JobHandler> {
  return {
    [OVERSIGHT_JOB]: async (_job: Job, trx: Tx) => {
      for (const tenant of await listTenants(trx)) {
        await scanTenant({ db: trx as never, audit: deps.audit, actor: { kind: 'system', id: OVERSIGHT_JOB }, lang: 'id', now: deps.now, tenant });
      }
    },
  };
}
