// The tamper-evident audit log (docs/audit.md). Every state change appends an event in the same
// transaction; rows form a hash chain, each row is signed with an Ed25519 key held outside the
// database, and signed checkpoints (tree size, Merkle root, chain hash) are published outside the
// table. `verifyAudit` and `verifyExport` name the first bad sequence number.
export { canonicalJson } from './canonical.js';
export { type AuditEntry, type AuditEventInput, type AuditLog, createAuditLog } from './chain.js';
export { appendWithNext, withDeferredAudit } from './deferred.js';
export { type AuditEntryView, readAuditAfter, readAuditEntries } from './read.js';
export {
  appendCheckpointFile,
  type Checkpoint,
  type CheckpointBody,
  type CheckpointerOptions,
  checkpointSigningBytes,
  isCheckpoint,
  listCheckpoints,
  type PublishedCheckpoints,
  publishedCheckpoints,
  readCheckpointFile,
  startCheckpointer,
  writeCheckpoint,
} from './checkpoints.js';
export { chainHash, leafHash, MerkleFrontier, merkleRoot, rowSigningBytes, ZERO_HASH } from './merkle.js';
export {
  assertNoPersonalData,
  looksLikePersonalData,
  PersonalDataInAuditError,
  personalDataKind,
} from './personal-data.js';
export {
  type AuditEnvironment,
  type AuditSigner,
  auditKeyFile,
  keyIdOf,
  loadAuditSigner,
  type PublicKeyRef,
  verifySignature,
} from './signer.js';
export {
  type AuditHeadState,
  type AuditRecord,
  ChainVerifier,
  EXPORT_FORMAT,
  type ExportLine,
  exportAudit,
  type VerifyExportOptions,
  type VerifyResult,
  verifyAudit,
  verifyExport,
} from './verify.js';
