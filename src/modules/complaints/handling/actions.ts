// The actions endpoint's wire format (POST /api/v1/complaints/{ref}/actions) and the report page's
// action forms, both mapped here onto the typed actions the services take: an officer's
// (`OfficerActionInput`, one variant per verb) or the reporter's (`ReporterActionInput`). Vocabularies
// come from the workflow's table; a missing or unknown value is a 400 on its field.
import { type Static, Type } from '@sinclair/typebox';
import type { Principal } from '../../../platform/auth/index.js';
import { type OfficerAccess, officerAccess } from '../access.js';
import { authForbidden, authRequired, missing, notInVocabulary } from '../errors.js';
import { LIMITS } from '../intake/contract.js';
import { CLOSE_OUTCOMES, OFFICER_ACTIONS, REJECT_GROUNDS, REPORTER_ACTIONS, TIERS } from '../workflow.js';
import { ATTACHMENT_MAX_BYTES, attachmentInvalid, type AttachmentUpload, MAX_ATTACHMENTS, tooManyAttachments } from './attachments.js';
import type { ReporterActionInput, ReporterRef } from './reporter.js';
import type { OfficerActionInput } from './service.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Lengths of an action's texts, in characters: the API's schema and the page's forms alike. */
export const ACTION_LIMITS = { reason: 4000, text: 8000, comment: 2000 } as const;

/** base64 length of the largest attachment (and a little more, so the service says "too large" in its words). */
const BASE64_MAX = Math.ceil((ATTACHMENT_MAX_BYTES + 1024) / 3) * 4;
/** The actions endpoint's body limit: three attachments in base64 and the rest of the action. */
export const ACTION_BODY_LIMIT = MAX_ATTACHMENTS * BASE64_MAX + 64 * 1024;

export const ActionBody = Type.Object(
  {
    action: literals([...OFFICER_ACTIONS, ...REPORTER_ACTIONS]),
    tier: Type.Optional(literals(TIERS)),
    categoryCode: Type.Optional(Type.String({ maxLength: 63 })),
    publishedTitle: Type.Optional(
      Type.String({
        maxLength: LIMITS.title,
        description: 'verify: the title the public reads (e.g. a name taken out); empty or absent keeps the reporter’s. Masked automatically as well; officers keep the original',
      }),
    ),
    publishedDescription: Type.Optional(
      Type.String({ maxLength: LIMITS.description, description: 'verify: the description the public reads (e.g. a home address taken out); as publishedTitle' }),
    ),
    ground: Type.Optional(literals(REJECT_GROUNDS)),
    agencyId: Type.Optional(Type.String({ maxLength: 64, description: 'Agency id or code' })),
    tenantSlug: Type.Optional(Type.String({ maxLength: 63 })),
    outcome: Type.Optional(literals(CLOSE_OUTCOMES)),
    into: Type.Optional(Type.String({ maxLength: 64 })),
    reason: Type.Optional(Type.String({ maxLength: ACTION_LIMITS.reason })),
    text: Type.Optional(Type.String({ maxLength: ACTION_LIMITS.text })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    comment: Type.Optional(Type.String({ maxLength: ACTION_LIMITS.comment })),
    resolved: Type.Optional(Type.Boolean()),
    reopen: Type.Optional(
      Type.Boolean({ description: 'confirm with resolved=false while a reopen is left: true reopens (the comment is the reason), false closes as not resolved' }),
    ),
    secretCode: Type.Optional(Type.String({ maxLength: 40, description: 'Reporter actions without an account' })),
    templateId: Type.Optional(Type.String({ format: 'uuid', description: 'answer: use this response template when text is empty' })),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.Optional(Type.String({ maxLength: 255, description: 'Shown to the reporter (the extension is set by the content)' })),
            contentBase64: Type.String({ maxLength: BASE64_MAX, description: 'The file, base64 (RFC 4648 §4)' }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_ATTACHMENTS,
          description:
            `answer: up to ${MAX_ATTACHMENTS} files, PDF (≤ ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB, must be a real PDF) or JPEG/PNG/WebP (≤ 8 MB, re-encoded without metadata). ` +
            'The content decides the type, not the name. Refused files: 400 (or 413 too large) on /attachments.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ActionBodyT = Static<typeof ActionBody>;

/** The JSON attachments as uploads; anything but plain base64 is refused like a wrong file. */
export function decodeAttachments(list: ActionBodyT['attachments']): AttachmentUpload[] {
  if (!list) return [];
  if (list.length > MAX_ATTACHMENTS) throw tooManyAttachments();
  return list.map((a) => {
    const text = a.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw attachmentInvalid(a.filename);
    return { name: a.filename, data: Buffer.from(text, 'base64') };
  });
}

/** An action's fields as text, from the API's body or a form (the vocabularies unchecked yet). */
export interface OfficerActionFields {
  action?: string;
  tier?: string;
  categoryCode?: string;
  publishedTitle?: string;
  publishedDescription?: string;
  ground?: string;
  agencyId?: string;
  tenantSlug?: string;
  outcome?: string;
  into?: string;
  reason?: string;
  text?: string;
  templateId?: string;
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined, field: string): T {
  if (value === undefined || value === '') throw missing(field);
  if (!(values as readonly string[]).includes(value)) throw notInVocabulary(field);
  return value as T;
}

function required(value: string | undefined, field: string): string {
  if (!value) throw missing(field);
  return value;
}

/** The fields as one officer action (an answer's files come with it). */
export function toOfficerAction(b: OfficerActionFields, attachments: AttachmentUpload[] = []): OfficerActionInput {
  switch (b.action) {
    case 'verify':
      return {
        action: 'verify',
        tier: oneOf(TIERS, b.tier, '/tier'),
        categoryCode: b.categoryCode,
        reason: b.reason,
        publishedTitle: b.publishedTitle,
        publishedDescription: b.publishedDescription,
      };
    case 'reject':
      return { action: 'reject', ground: oneOf(REJECT_GROUNDS, b.ground, '/ground'), reason: b.reason ?? '' };
    case 'dispatch':
      return { action: 'dispatch', agencyId: required(b.agencyId, '/agencyId'), reason: b.reason };
    case 'transfer':
      return { action: 'transfer', tenantSlug: required(b.tenantSlug, '/tenantSlug'), reason: b.reason ?? '' };
    case 'close':
      return { action: 'close', outcome: oneOf(CLOSE_OUTCOMES, b.outcome, '/outcome'), reason: b.reason ?? '' };
    case 'merge':
      return { action: 'merge', into: required(b.into, '/into'), reason: b.reason };
    case 'answer':
      return { action: 'answer', text: b.text ?? '', templateId: b.templateId || undefined, attachments };
    case 'note':
      return { action: 'note', text: b.text ?? '' };
    case 'hide':
      return { action: 'hide', reason: b.reason ?? '' };
    case 'start':
    case 'unhide':
      return { action: b.action, reason: b.reason };
    default:
      throw notInVocabulary('/action');
  }
}

/** The reporter's confirmation (a rating and whether it was resolved) or reopening. */
export function toReporterAction(b: { action: 'confirm' | 'reopen'; rating?: number; comment?: string; resolved?: boolean; reopen?: boolean; reason?: string }): ReporterActionInput {
  if (b.action === 'reopen') return { action: 'reopen', reason: b.reason ?? '' };
  if (b.rating === undefined) throw missing('/rating');
  if (b.resolved === undefined) throw missing('/resolved');
  return { action: 'confirm', rating: b.rating, comment: b.comment, resolved: b.resolved, ...(b.reopen === undefined ? {} : { reopen: b.reopen }) };
}

export const isReporterAction = (action: string | undefined): action is ReporterActionInput['action'] => (REPORTER_ACTIONS as readonly string[]).includes(action ?? '');

/** Who confirms or reopens: whoever holds the secret code, else the signed-in citizen (401 for anyone else). */
export function reporterRef(principal: Principal, secretCode: string | undefined): ReporterRef {
  if (secretCode) return { secretCode };
  if (principal.kind === 'citizen') return { citizenId: principal.id };
  throw authRequired();
}

/** The officer taking an action: 401 without a session, 403 without a complaint role. */
export function actingOfficer(principal: Principal): OfficerAccess {
  const access = officerAccess(principal);
  if (access) return access;
  throw principal.kind === 'anonymous' ? authRequired() : authForbidden();
}
