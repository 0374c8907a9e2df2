// Oversight (issue 22, internal performance): officers' figures per agency for their managers and
// auditors, and irregularity flags for auditors, each pointing at its evidence in the audit chain.
// Owns oversight_cursors, oversight_actions, oversight_flags and oversight_officer_keys (migration
// 0096). Reads other modules only through their index.ts (applications' facts, identity's names and
// the recorded personal-data read) and the platform's audit reader. Design: docs/oversight.md.
// Promises the other modules: nothing they must call; the job (OVERSIGHT_JOB) reads what they audit.
export { BATCH, KINSHIP_PURPOSE, OVERSIGHT_JOB, scanTenant, type ScanResult } from './job.js';
export { oversightJobHandlers, oversightModule } from './module.js';
export { getIrregularityFlag, getOfficerPerformance, listIrregularityFlags, reviewIrregularityFlag, setOfficerKinshipKeys } from './service.js';
export { THRESHOLDS } from './rules.js';
export { seedDemoOversight, type SeededOversight } from './seed.js';
