// The intake contract: what a report is made of, once, for every way in. The JSON API validates its
// body with `SubmitBody`; the HTML form's fields map onto the same shape (`fromForm`); Open311's POST
// translates its fields onto it (open311.ts); the service checks what a schema cannot (blank text,
// dates, the category, the place) with the same limits. Kinds, privacy modes and lengths are defined
// here and nowhere else.
import { type Static, Type } from '@sinclair/typebox';
import type { ComplaintKind, ComplaintPrivacy, ComplaintStatus } from '../../../db/schema.js';
import { type Lang, type MessageKey, t } from '../../../platform/i18n/index.js';
import type { FormValues } from '../../../web/form.js';

/**
 * The kinds a report is filed as. An information request (LAPOR!'s third class) is no complaint since
 * issue 21: it follows UU 14/2008 and is asked of the PPID (information-requests), so intake refuses
 * the kind `permintaan_informasi` with a pointer to the PPID's form. Reports filed with it before stay
 * as they were (STORED_KINDS), readable and answered under the complaint deadlines they were filed under.
 */
export const KINDS = ['pengaduan', 'aspirasi'] as const satisfies readonly ComplaintKind[];
/** Every kind a stored report may have: the intake kinds and the information requests filed before issue 21. */
export const STORED_KINDS = ['pengaduan', 'aspirasi', 'permintaan_informasi'] as const satisfies readonly ComplaintKind[];
/** The kind intake refuses, naming where to go instead. */
export const INFORMATION_REQUEST_KIND = 'permintaan_informasi';
/** public: shown with the reporter's name to officers; rahasia: never published, identity hidden; anonim: no identity at all. */
export const PRIVACY_MODES = ['public', 'rahasia', 'anonim'] as const satisfies readonly ComplaintPrivacy[];

/** Lengths of a report's fields, in characters. */
export const LIMITS = {
  title: 200,
  description: 4000,
  categoryCode: 63,
  address: 500,
  name: 200,
  email: 254,
  phone: 30,
} as const;

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

// The fields other ways in name differently (Open311: lat, long, attribute[kind]…) but validate alike.
// The body accepts the former kind too, so that the refusal is the service's (it names the PPID's form), not a bare schema error.
export const Kind = literals(STORED_KINDS);
export const Privacy = literals(PRIVACY_MODES);
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });

export const SubmitBody = Type.Object(
  {
    kind: Kind,
    title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
    description: Type.String({ minLength: 1, maxLength: LIMITS.description }),
    categoryCode: Type.Optional(Type.String({ maxLength: LIMITS.categoryCode })),
    serviceReceivedOn: Type.Optional(Type.String({ format: 'date' })),
    latitude: Type.Optional(Latitude),
    longitude: Type.Optional(Longitude),
    address: Type.Optional(Type.String({ maxLength: LIMITS.address })),
    privacy: Privacy,
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: LIMITS.name })),
          email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
          phone: Type.Optional(Type.String({ maxLength: LIMITS.phone })),
        },
        { additionalProperties: false, description: 'Ignored (not stored) for an anonymous report' },
      ),
    ),
    altcha: Type.Optional(
      Type.String({
        maxLength: 8192,
        description:
          'Required when not signed in: the solved proof-of-work challenge from GET /api/v1/complaints/challenge, as base64(JSON({challenge, solution})) (what the ALTCHA widget posts). Accepted once.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SubmitBodyT = Static<typeof SubmitBody>;

/** A report as every way in gives it to the service (the API's body without its proof of work). */
export type ReportFields = Omit<SubmitBodyT, 'altcha'>;

export const SubmitResponse = Type.Object({
  id: Type.String(),
  trackingNumber: Type.String(),
  secretCode: Type.Optional(Type.String({ description: 'Anonymous reports, and confidential ones filed without an account: shown once, never again' })),
  status: Type.String(),
  dueAt: Type.String({ description: 'Verification and dispatch deadline (3 working days)' }),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  routing: Type.Object({
    categoryCode: Type.String(),
    suggested: Type.Union([Type.String(), Type.Null()]),
    confidence: Type.Union([Type.Number(), Type.Null()]),
  }),
});

export interface SubmitResult {
  id: string;
  trackingNumber: string;
  /** Anonymous reports only: shown once, never stored in clear. */
  secretCode?: string;
  status: ComplaintStatus;
  dueAt: string;
  warnings: { code: 'late_filing' | 'outside_area'; messageKey: MessageKey }[];
  routing: { categoryCode: string; suggested: string | null; confidence: number | null };
}

/** The warnings of a result in the reader's language (the API's `warnings`, the receipt page). */
export function warningMessages(lang: Lang, warnings: SubmitResult['warnings']): { code: string; message: string }[] {
  return warnings.map((w) => ({ code: w.code, message: t(lang, w.messageKey) }));
}

const isKind = (v: string | undefined): v is ReportFields['kind'] => (STORED_KINDS as readonly string[]).includes(v ?? '');
const isPrivacy = (v: string | undefined): v is ReportFields['privacy'] => (PRIVACY_MODES as readonly string[]).includes(v ?? '');

/** The form's fields (text as typed; a decimal comma accepted in coordinates) as the contract's report. */
export function fromForm(v: FormValues): ReportFields {
  const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s.replace(',', '.')) : undefined);
  return {
    kind: isKind(v.kind) ? v.kind : 'pengaduan',
    title: v.title ?? '',
    description: v.description ?? '',
    categoryCode: v.categoryCode || undefined,
    serviceReceivedOn: v.serviceReceivedOn || undefined,
    latitude: num(v.latitude),
    longitude: num(v.longitude),
    address: v.address,
    privacy: isPrivacy(v.privacy) ? v.privacy : 'public',
    reporter: { name: v['reporter-name'], email: v['reporter-email'], phone: v['reporter-phone'] },
  };
}
