// Open data (Satu Data), issue 22. Owns open_datasets and open_dataset_versions (migration 0094).
// Design: docs/open-data.md. Publishes, per tenant, datasets with DCAT metadata and versioned CSV/JSON
// resources — automatic ones refreshed daily from what the other modules export (never their tables)
// and agencies' own uploads, checked before they publish — through a portal, a CKAN-compatible
// Action API (/api/3/action/) and a DCAT-AP 3.0 catalogue (/catalog.jsonld). Promises the others:
//  - nothing personal is published: small counts in small areas are withheld (suppress.ts);
//  - versions are never rewritten: a refresh or an upload adds one, with its audit event.
export { openDataJobHandlers, REFRESH_JOB, refreshAutomaticDatasets, scheduleDailyRefresh } from './auto.js';
export { openDataModule } from './module.js';
export { seedDemoOpenData } from './seed.js';
