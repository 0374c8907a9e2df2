// The service catalogue owns every agency's services and their published standards (UU 25/2009
// Pasal 21: 14 components), drafts, versions with an effective date, public comments on drafts, and
// the search over them. It promises the others: `getServiceVersion(ctx, versionId)` (the tenant in `ctx`) returns
// the frozen standard an application was made under, and a published version never changes.
export {
  ASSURANCE_LEVELS,
  type AssuranceLevel,
  CATEGORIES,
  type Category,
  COMPONENTS,
  type ComponentKey,
  LIFE_EVENTS,
  type LifeEvent,
  lines as componentLines,
  type ServiceDefinition,
} from './model.js';
export { DOCUMENT_KINDS, type DocumentKind, type DocumentTemplate, documentTemplateFields, documentValidUntil } from './document-template.js';
export { computeFee, type FeeBasis, type FeeResult, type FeeRule, feeRuleField } from './fees.js';
export { registerCatalogAdminPages } from './admin-pages.js';
export { registerCatalogAdminRoutes } from './admin-routes.js';
export { registerCatalogPages } from './pages.js';
export { registerCatalogRoutes } from './routes.js';
export { type PublishCheck, type PublishCheckInput, type PublishCheckResult, registerPublishCheck } from './publish-checks.js';
export { registerServiceAdminLink, registerServicePageAction, type ServicePageAction } from './service-page-actions.js';
export { seedDemoCatalog } from './seed.js';
export {
  addComment,
  catalogCsv,
  createService,
  exportService,
  getService,
  getServiceDraft,
  getServiceVersion,
  importService,
  listAgencyServices,
  listComments,
  listServices,
  listServiceVersions,
  listServiceVersionsWithNext,
  type PublicService,
  publishService,
  searchServices,
  setCommentsOpen,
  updateDraft,
  type VersionRow,
} from './service.js';
export { catalogModule } from './module.js';
