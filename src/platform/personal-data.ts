// The modules that hold a citizen's personal data, and how each carries out the citizen's rights under
// UU 27/2022 (erasure, correction, withdrawal of consent). One list for the installation: a module
// registers its holder from its module.ts (as it registers its notification events), and identity's
// data-request job carries a resolved request out across every registered holder, recording each
// holder's result. A test reads the live schema and fails on a column that refers to a citizen and is
// claimed by no holder, so a new module cannot forget to join. The platform knows no module: the
// modules come to it.
import type { Tx } from '../db/index.js';
import type { AuditAppender } from './context.js';

export type PersonalDataRight = 'erasure' | 'correction' | 'consent_withdrawal';

/** What happens to a claimed column when the person is erased (listed in docs/identity.md). */
export type ErasureTreatment =
  /** The row goes. */
  | 'deleted'
  /** The value is set to NULL (or to a neutral value); the row stays with its substance. */
  | 'cleared'
  /** Kept: a pseudonymous reference to the emptied account, or a record the law requires kept. */
  | 'kept';

export interface ClaimedColumn {
  table: string;
  column: string;
  onErasure: ErasureTreatment;
}

/** The fields a correction request can carry out (the others are the citizen's own to edit, or the registry's). */
export type CorrectableField = 'name' | 'email' | 'phone';
export const CORRECTABLE_FIELDS: readonly CorrectableField[] = ['name', 'email', 'phone'];

/** The person a right is carried out for, as identity knew them before (copies are found by these). */
export interface DataSubject {
  citizenId: string;
  /**
   * The tenants whose records about the person this run may touch: every tenant the person is
   * linked to (the resolving one first); each holder decides which of its rows (per tenant) it touches.
   */
  tenantIds: readonly string[];
  /** NULL where identity holds no such value (an erased or incomplete profile). */
  name: string | null;
  email: string | null;
  phone: string | null;
  nik: string | null;
}

export interface Correction {
  field: CorrectableField;
  /** The corrected value (normalised by identity: e-mail in lower case, phone as +62…). */
  value: string;
}

export interface HolderContext {
  /** The job's transaction: a holder's writes commit with its recorded result, or not at all. */
  trx: Tx;
  now: Date;
  audit: AuditAppender;
  /** Runs `fn` with row-level security set to `tenantId`, in the same transaction. */
  inTenant<T>(tenantId: string, fn: (trx: Tx) => Promise<T>): Promise<T>;
}

/** What a holder did, counted per kind of record (shown to the officer, audited): `{ complaints: 2 }`. */
export type HolderResult = Record<string, number>;

export interface PersonalDataHolder {
  /** What the officer sees for this holder's step, in both languages ("Pengaduan" / "Complaints"). */
  label: { id: string; en: string };
  /** Every column of the module's tables that refers to a citizen or holds their contact data. */
  columns: readonly ClaimedColumn[];
  erase(ctx: HolderContext, subject: DataSubject): Promise<HolderResult>;
  /** Absent: the module copies no correctable value (it reads the profile when it shows one). */
  correct?(ctx: HolderContext, subject: DataSubject, correction: Correction): Promise<HolderResult>;
  /** Absent: the module processes nothing on the person's consent. */
  withdrawConsent?(ctx: HolderContext, subject: DataSubject): Promise<HolderResult>;
  /**
   * Runs after every other holder has succeeded (identity: its profile holds the contacts the others
   * find their copies by, so it goes last).
   */
  last?: boolean;
}

const holders = new Map<string, PersonalDataHolder>();

/** Called once per module, from its module.ts; a second registration under the same name is refused. */
export function registerPersonalDataHolder(module: string, holder: PersonalDataHolder): void {
  const existing = holders.get(module);
  if (existing && existing !== holder) throw new Error(`personal-data holder ${module} is registered twice`);
  holders.set(module, holder);
}

/** The holders, those marked `last` after the others, in registration order otherwise. */
export function personalDataHolders(): [string, PersonalDataHolder][] {
  const all = [...holders.entries()];
  return [...all.filter(([, h]) => !h.last), ...all.filter(([, h]) => h.last)];
}

/** A holder's label in a language (the registered name when the holder is gone from this build). */
export function holderLabel(name: string, lang: 'id' | 'en'): string {
  return holders.get(name)?.label[lang] ?? name;
}

/** The holders that have something to do for a right (every holder erases). */
export function holdersFor(right: PersonalDataRight): [string, PersonalDataHolder][] {
  return personalDataHolders().filter(([, h]) => right === 'erasure' || (right === 'correction' ? h.correct : h.withdrawConsent) !== undefined);
}

/** Runs a holder's part of a right. */
export function carryOutRight(holder: PersonalDataHolder, right: PersonalDataRight, ctx: HolderContext, subject: DataSubject, correction?: Correction): Promise<HolderResult> {
  if (right === 'erasure') return holder.erase(ctx, subject);
  if (right === 'correction') {
    if (!holder.correct || !correction) return Promise.resolve({});
    return holder.correct(ctx, subject, correction);
  }
  return holder.withdrawConsent ? holder.withdrawConsent(ctx, subject) : Promise.resolve({});
}

/** Every claimed column as `table.column`, with its holder (the schema test compares the live schema). */
export function claimedColumns(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, h] of holders) for (const c of h.columns) out.set(`${c.table}.${c.column}`, name);
  return out;
}

/**
 * Removes a person's known values from free text, keeping the rest: a complaint's substance stays
 * readable with the person's name, e-mail, phone and NIK gone. The phone is matched in its usual
 * spellings (+62…, 62…, 0…); a name shorter than three letters is left (it would hit ordinary words).
 */
export function scrubPersonFromText(text: string, subject: Pick<DataSubject, 'name' | 'email' | 'phone' | 'nik'>, marker = '[dihapus]'): string {
  const needles: string[] = [];
  if (subject.name && subject.name.trim().length >= 3) needles.push(subject.name.trim());
  if (subject.email) needles.push(subject.email);
  if (subject.nik) needles.push(subject.nik);
  if (subject.phone) {
    const digits = subject.phone.replace(/\D/g, '');
    const local = digits.startsWith('62') ? digits.slice(2) : digits.replace(/^0/, '');
    if (local.length >= 6) {
      // Any of +62 / 62 / 0 before the local number, with spaces, dots or dashes between the digits.
      const spaced = local.split('').join('[\\s.-]?');
      needles.push(`(?:\\+?62|0)[\\s.-]?${spaced}`);
    }
  }
  let out = text;
  for (const n of needles) {
    const pattern = n.startsWith('(?:') ? n : n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    out = out.replace(new RegExp(pattern, 'giu'), marker);
  }
  return out;
}
