// Demo data: what `serve` seeds into an empty development database and what `gerbang seed` (re)seeds.
// Idempotent: existing rows are kept. Never in production (SEED_DEMO=false there).
import type { Config } from './config.js';
import { seedDemoApplications } from './modules/applications/index.js';
import { seedDemoCatalog } from './modules/catalog/index.js';
import { type DemoDocument, seedDemoDocuments, signingKeyDeps } from './modules/documents/index.js';
import { AgencyCache, createSubmissionWriter, keywordRouting, minimalPhotoSanitizer, seedDemoComplaints } from './modules/complaints/index.js';
import { type DemoAccount, seedDemoIdentity } from './modules/identity/index.js';
import { seedDemoOidcClient } from './modules/oidc/index.js';
import { seedDefaultTemplates } from './modules/notifications/index.js';
import { countTenants, seedDemoTenantAreas, seedDemoTenants } from './modules/tenancy/index.js';
import { seedDemoSurveys } from './modules/surveys/index.js';
import { seedDemoInformationList } from './modules/information-list/index.js';
import { seedDemoInformationRequests } from './modules/information-requests/index.js';
import { seedDemoOpenData } from './modules/open-data/index.js';
import { seedDemoOversight } from './modules/oversight/index.js';
import { systemContext } from './platform/context.js';
import { fileJobHandlers, fileStoreFromConfig, SCAN_JOB, scannerFromConfig } from './platform/files/index.js';
import { withTenant } from './db/index.js';
import type { Runtime } from './runtime.js';

/** Complaint categories (the Open311 services), an Open311 api_key per demo tenant, demo reports. Idempotent. */
export async function seedComplaintDemo(rt: Runtime, config: Config) {
  await seedDemoComplaints({
    ...systemContext(rt.db.app, rt.audit, 'seed'),
    audit: rt.audit,
    publicBaseUrl: config.publicBaseUrl,
    agencies: new AgencyCache(0),
    routing: keywordRouting,
    photos: minimalPhotoSanitizer,
    submissions: createSubmissionWriter(),
  });
}

/**
 * Every demo service a form and a workflow (published), a demo officer for every workflow role at every
 * demo agency, the demo citizen's applications in every state. Idempotent. After the accounts.
 */
export async function seedApplicationDemo(rt: Runtime, config: Config) {
  const base = systemContext(rt.db.app, rt.audit, 'seed');
  const seeded = await seedDemoApplications({ ...base, audit: rt.audit, publicBaseUrl: config.publicBaseUrl }, { files: fileStoreFromConfig(config) });
  // Paper survey results for the demo service, so the public index page shows an index (idempotent).
  await seedDemoSurveys(base);
  return seeded;
}

/** The public information list of every demo tenant (a few items per class, one berkala overdue). Idempotent; never in production. */
export async function seedInformationListDemo(rt: Runtime, config: Config): Promise<number> {
  if (!config.seedDemo || config.env === 'production') return 0;
  return seedDemoInformationList(systemContext(rt.db.app, rt.audit, 'seed'), { files: fileStoreFromConfig(config) });
}

/**
 * The demo citizen's public information request, decided with an answer file (scanned here with the
 * configured scanner, as the files.scan job would). Idempotent; never in production.
 */
export async function seedInformationRequestsDemo(rt: Runtime, config: Config): Promise<number> {
  if (!config.seedDemo || config.env === 'production') return 0;
  const files = fileStoreFromConfig(config);
  const scanJob = fileJobHandlers({ store: files, scanner: scannerFromConfig(config).scanner, audit: rt.audit })[SCAN_JOB]!;
  const scan = (tenantId: string, fileId: string) => withTenant(rt.db.app, tenantId, (trx) => scanJob({ id: 0, kind: SCAN_JOB, payload: { fileId }, tenantId, attempts: 0 }, trx));
  return seedDemoInformationRequests(systemContext(rt.db.app, rt.audit, 'seed'), { files, scan, publicBaseUrl: config.publicBaseUrl });
}

/**
 * Open data of every demo tenant: the automatic datasets refreshed once, and the licensing agency's
 * demo upload. Idempotent; after the other demo data (it publishes their figures); never in production.
 */
export async function seedOpenDataDemo(rt: Runtime, config: Config): Promise<number> {
  if (!config.seedDemo || config.env === 'production') return 0;
  return seedDemoOpenData(systemContext(rt.db.app, rt.audit, 'seed'), { minCount: config.openDataMinCount });
}

/**
 * The demo citizen's documents — a valid one and a revoked one per demo tenant with agencies — signed
 * with the development key. Idempotent. After the accounts; never in production.
 */
export async function seedDocumentDemo(rt: Runtime, config: Config): Promise<DemoDocument[]> {
  if (!config.seedDemo || config.env === 'production') return [];
  const base = systemContext(rt.db.app, rt.audit, 'seed');
  return seedDemoDocuments({ ...base, publicBaseUrl: config.publicBaseUrl }, { keys: signingKeyDeps(config, rt.secret), files: fileStoreFromConfig(config) });
}

export async function seedIfEmpty(rt: Runtime): Promise<boolean> {
  if (!rt.config.seedDemo || (await countTenants(rt.db.owner)) > 0) return false;
  await seedDemoTenants(systemContext(rt.db.owner, rt.audit, 'seed'));
  await seedDemoTenantAreas(systemContext(rt.db.owner, rt.audit, 'seed'));
  await seedDemoCatalog(systemContext(rt.db.owner, rt.audit, 'seed'));
  return true;
}

/** Demo citizens and officers (development only, idempotent: existing accounts are kept). */
export async function seedDemoAccounts(rt: Runtime): Promise<DemoAccount[]> {
  if (!rt.config.seedDemo || rt.config.env === 'production') return [];
  const { accounts } = await seedDemoIdentity({ ...systemContext(rt.db.owner, rt.audit, 'seed'), audit: rt.audit });
  // The example application that signs in through Gerbang (/dev/oidc-client).
  await seedDemoOidcClient(systemContext(rt.db.owner, rt.audit, 'seed'), { publicBaseUrl: rt.config.publicBaseUrl, appSecret: rt.secret });
  return accounts;
}

/** `gerbang seed`: the demo tenants, templates, catalogue and accounts; what was added. */
export async function seedDemo(rt: Runtime) {
  const { tenants, agencies } = await seedDemoTenants(systemContext(rt.db.owner, rt.audit, 'seed'));
  await seedDemoTenantAreas(systemContext(rt.db.owner, rt.audit, 'seed'));
  const templates = await seedDefaultTemplates(systemContext(rt.db.owner, rt.audit, 'seed'));
  const catalog = await seedDemoCatalog(systemContext(rt.db.owner, rt.audit, 'seed'));
  const accounts = await seedDemoAccounts(rt);
  const applications = rt.config.seedDemo ? await seedApplicationDemo(rt, rt.config) : { officers: [], services: 0, applications: 0 };
  const documents = await seedDocumentDemo(rt, rt.config);
  const informationItems = await seedInformationListDemo(rt, rt.config);
  const informationRequests = await seedInformationRequestsDemo(rt, rt.config);
  const openDatasets = await seedOpenDataDemo(rt, rt.config);
  // The oversight cases' audit entries are sequenced before its scan (as serve's sequencer would), so the flags are there at once.
  const oversight =
    rt.config.seedDemo && rt.config.env !== 'production'
      ? await seedDemoOversight({ ...systemContext(rt.db.app, rt.audit, 'seed'), audit: rt.audit, publicBaseUrl: rt.config.publicBaseUrl }, { files: fileStoreFromConfig(rt.config), flush: () => rt.audit.flush(rt.db.app) })
      : { kinshipKeys: 0, applications: 0, flags: 0 };
  return {
    tenants: tenants.length,
    agencies,
    services: catalog.services,
    accounts: accounts.length + applications.officers.length,
    templates: templates.created,
    applicationServices: applications.services,
    applications: applications.applications,
    documents,
    informationItems,
    informationRequests,
    openDatasets,
    oversightFlags: oversight.flags,
  };
}
