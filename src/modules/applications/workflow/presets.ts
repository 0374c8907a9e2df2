// Workflows an admin starts from: verify → approve → issue, and the four risk levels of risk-based
// licensing, PP 28/2025 (DOMAIN.md §7). Each passes validateWorkflow, with or without fiktif positif.
// The day counts are starting values, not law: the admin sets those of the service's own standard and
// of the PP's stage deadlines before publishing.
import type { Deadline, LapsePolicy, RevisionPolicy, TaskStep, WorkflowDefinition, WorkflowStep } from './definition.js';

export interface PresetOptions {
  version?: number;
  /** Fiktif positif: the deciding step is deemed approved when its deadline lapses (PP 28/2025). */
  deemedApproval?: boolean;
  revisionPolicy?: RevisionPolicy;
  /** The standard's jangka waktu; defaults to the sum of the stage deadlines. */
  serviceDays?: number;
  /** Stage deadlines in working days, by step id (e.g. `{ verify: 3 }`). */
  days?: Record<string, number>;
}

export const RISK_LEVELS = ['rendah', 'menengah_rendah', 'menengah_tinggi', 'tinggi'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The demo's two technical-recommendation agencies (tenancy seed codes). */
export const DEMO_RECOMMENDING_AGENCIES = ['dinkes', 'dishub'] as const;

const ESCALATE_DAYS = 2;
const toSupervisor: LapsePolicy = { action: 'escalate', role: 'agency_admin', days: ESCALATE_DAYS };

function deadline(opts: PresetOptions, stepId: string, fallback: number, onLapse: LapsePolicy = toSupervisor): Deadline {
  return { days: opts.days?.[stepId] ?? fallback, onLapse };
}

/** The deciding step's lapse: deemed approval where the service enables it, otherwise the supervisor. */
const decisionLapse = (opts: PresetOptions): LapsePolicy => (opts.deemedApproval ? { action: 'deemed_approval' } : toSupervisor);

const REJECTED: WorkflowStep = { id: 'rejected', kind: 'end', name: { id: 'Ditolak', en: 'Rejected' }, outcome: 'rejected' };

function signStep(opts: PresetOptions): WorkflowStep {
  return {
    id: 'sign',
    kind: 'wait',
    name: { id: 'Penandatanganan elektronik', en: 'Electronic signature' },
    event: 'signed',
    waitsOn: 'agency',
    next: 'issued',
    deadline: deadline(opts, 'sign', 1),
  };
}

function checkStep(opts: PresetOptions, next: string): TaskStep {
  return {
    id: 'check',
    kind: 'task',
    name: { id: 'Pemeriksaan kelengkapan berkas', en: 'Completeness check' },
    role: 'verifier',
    deadline: deadline(opts, 'check', 2),
    actions: { approve: { to: next }, reject: { to: 'rejected' }, request_revision: {}, escalate: { role: 'agency_admin' } },
  };
}

function definition(opts: PresetOptions, start: string, steps: WorkflowStep[]): WorkflowDefinition {
  const stageDays = steps.reduce((sum, s) => sum + ((s.kind === 'task' || s.kind === 'wait') && s.deadline ? s.deadline.days : 0), 0);
  // Parallel branches run side by side: only the longest one adds to the total.
  const parallelExcess = steps
    .filter((s): s is Extract<WorkflowStep, { kind: 'parallel' }> => s.kind === 'parallel')
    .reduce((sum, p) => {
      const days = p.branches.map((b) => {
        const step = steps.find((s) => s.id === b);
        return step && (step.kind === 'task' || step.kind === 'wait') && step.deadline ? step.deadline.days : 0;
      });
      return sum + days.reduce((a, b) => a + b, 0) - Math.max(...days);
    }, 0);
  return {
    version: opts.version ?? 1,
    serviceDays: opts.serviceDays ?? Math.max(1, stageDays - parallelExcess),
    revisionPolicy: opts.revisionPolicy ?? 'pause',
    deemedApproval: opts.deemedApproval ?? false,
    start,
    steps,
  };
}

function verifyStep(opts: PresetOptions, next: string, lapse: LapsePolicy = toSupervisor): TaskStep {
  return {
    id: 'verify',
    kind: 'task',
    name: { id: 'Verifikasi berkas', en: 'Document verification' },
    role: 'verifier',
    deadline: deadline(opts, 'verify', 3, lapse),
    actions: { approve: { to: next }, reject: { to: 'rejected' }, request_revision: {}, escalate: { role: 'agency_admin' } },
  };
}

const ISSUED: WorkflowStep = { id: 'issued', kind: 'end', name: { id: 'Diterbitkan', en: 'Issued' }, outcome: 'issued' };

/** verify → sign → issue: the simplest flow, for a civil-registration document (e.g. a birth certificate). */
export function presetVerifyIssue(opts: PresetOptions = {}): WorkflowDefinition {
  return definition(opts, 'verify', [verifyStep(opts, 'sign', decisionLapse(opts)), signStep(opts), ISSUED, REJECTED]);
}

/** verify → approve → issue: a verifier checks, an approver decides, the document is signed. */
export function presetVerifyApproveIssue(opts: PresetOptions = {}): WorkflowDefinition {
  return definition(opts, 'verify', [
    verifyStep(opts, 'approve'),
    {
      id: 'approve',
      kind: 'task',
      name: { id: 'Persetujuan', en: 'Approval' },
      role: 'approver',
      deadline: deadline(opts, 'approve', 5, decisionLapse(opts)),
      // Forward: back to the verifier, e.g. to check a document again.
      actions: { approve: { to: 'sign' }, reject: { to: 'rejected' }, request_revision: {}, forward: { to: 'verify' }, escalate: { role: 'agency_admin' } },
    },
    signStep(opts),
    ISSUED,
    REJECTED,
  ]);
}

export interface RiskPresetOptions extends PresetOptions {
  /** Menengah Tinggi: the agencies giving technical recommendations side by side. */
  recommendingAgencies?: readonly string[];
}

/**
 * The four risk levels of PP 28/2025 (DOMAIN.md §7): Rendah — NIB issued at once; Menengah Rendah — the
 * applicant's explicit self-declaration, then NIB + Sertifikat Standar; Menengah Tinggi — verified by the
 * agency within its deadline, after technical recommendations from other agencies given side by side;
 * Tinggi — approved by the agency within its deadline (NIB + Izin). Fiktif positif applies to the
 * agency's decision (verification, approval) when `deemedApproval` is set.
 */
export function presetRiskBased(level: RiskLevel, opts: RiskPresetOptions = {}): WorkflowDefinition {
  switch (level) {
    case 'rendah':
      return definition(opts, 'issued', [{ id: 'issued', kind: 'end', name: { id: 'NIB diterbitkan', en: 'NIB issued' }, outcome: 'issued' }]);
    case 'menengah_rendah':
      return definition(opts, 'declare', [
        {
          id: 'declare',
          kind: 'wait',
          name: { id: 'Pernyataan mandiri pemenuhan standar', en: 'Self-declaration of meeting the standard' },
          event: 'self_declared',
          waitsOn: 'applicant',
          next: 'issued',
        },
        { id: 'issued', kind: 'end', name: { id: 'NIB dan Sertifikat Standar diterbitkan', en: 'NIB and standard certificate issued' }, outcome: 'issued' },
      ]);
    case 'menengah_tinggi': {
      const agencies = opts.recommendingAgencies ?? DEMO_RECOMMENDING_AGENCIES;
      const recommendations: WorkflowStep[] = agencies.map((agency) => ({
        id: `recommend-${agency}`,
        kind: 'task',
        name: { id: `Rekomendasi teknis ${agency}`, en: `Technical recommendation (${agency})` },
        role: 'verifier',
        agency,
        deadline: deadline(opts, `recommend-${agency}`, 5),
        // A refused recommendation ends the application; a given one goes to the join.
        actions: { approve: { to: 'verify' }, reject: { to: 'rejected' }, request_revision: {}, escalate: { role: 'agency_admin' } },
      }));
      return definition(opts, 'check', [
        checkStep(opts, 'recommend'),
        {
          id: 'recommend',
          kind: 'parallel',
          name: { id: 'Rekomendasi teknis instansi terkait', en: 'Technical recommendations' },
          branches: recommendations.map((r) => r.id),
          join: 'verify',
        },
        ...recommendations,
        {
          id: 'verify',
          kind: 'task',
          name: { id: 'Verifikasi pemenuhan standar', en: 'Verification of the standard' },
          role: 'verifier',
          deadline: deadline(opts, 'verify', 5, decisionLapse(opts)),
          actions: { approve: { to: 'sign' }, reject: { to: 'rejected' }, request_revision: {}, escalate: { role: 'agency_admin' } },
        },
        signStep(opts),
        { id: 'issued', kind: 'end', name: { id: 'Sertifikat Standar terverifikasi diterbitkan', en: 'Verified standard certificate issued' }, outcome: 'issued' },
        REJECTED,
      ]);
    }
    case 'tinggi':
      return definition(opts, 'check', [
        checkStep(opts, 'approve'),
        {
          id: 'approve',
          kind: 'task',
          name: { id: 'Persetujuan izin', en: 'Permit approval' },
          role: 'approver',
          deadline: deadline(opts, 'approve', 10, decisionLapse(opts)),
          actions: { approve: { to: 'sign' }, reject: { to: 'rejected' }, request_revision: {}, forward: { to: 'check' }, escalate: { role: 'agency_admin' } },
        },
        signStep(opts),
        { id: 'issued', kind: 'end', name: { id: 'NIB dan Izin diterbitkan', en: 'NIB and permit issued' }, outcome: 'issued' },
        REJECTED,
      ]);
  }
}
