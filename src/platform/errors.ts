// Domain errors are typed values with a stable code; this file is the one place that maps them to
// HTTP status codes and to problem+json (RFC 9457) in the request's language.
import { type Lang, type MessageKey, t } from './i18n/index.js';

export interface FieldError {
  /** JSON pointer-ish path of the field, e.g. "/days" or "querystring/from". */
  field: string;
  code: string;
  message: string;
}

/** A field error raised by a service, translated when the problem is built. */
export interface PendingFieldError {
  field: string;
  code: string;
  messageKey: MessageKey;
  vars?: Record<string, string | number>;
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    /** Stable, dotted code, e.g. `calendar.invalid_date`; also the problem `type` suffix. */
    readonly code: string,
    readonly status: number,
    readonly messageKey: MessageKey,
    readonly vars: Record<string, string | number> = {},
    readonly fieldErrors: (FieldError | PendingFieldError)[] = [],
    /**
     * RFC 9457 extension members added to the problem (e.g. the current state of a record a 409
     * refused to change, so the client can show it); never personal data nobody asked for.
     */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export interface Problem {
  [extension: string]: unknown;
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemType(code: string): string {
  return `urn:gerbang:problem:${code}`;
}

export function toProblem(
  error: DomainError,
  lang: Lang,
  extra: { instance?: string; requestId?: string } = {},
): Problem {
  const problem: Problem = {
    ...error.extensions,
    type: problemType(error.code),
    title: t(lang, error.messageKey, error.vars),
    status: error.status,
    code: error.code,
    ...extra,
  };
  if (error.fieldErrors.length > 0) {
    problem.detail = t(lang, 'error.validation.detail');
    problem.errors = error.fieldErrors.map((e) =>
      'messageKey' in e ? { field: e.field, code: e.code, message: t(lang, e.messageKey, e.vars) } : e,
    );
  }
  return problem;
}

/** Shape of an AJV error as Fastify hands it over. */
interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns schema validation issues into field errors in the user's language. */
export function validationError(lang: Lang, issues: ValidationIssue[], context?: string): DomainError {
  const fieldErrors = issues.map((issue): FieldError => {
    const base = context ? `${context}${issue.instancePath}` : issue.instancePath || '/';
    switch (issue.keyword) {
      case 'required':
        return {
          field: `${base === '/' ? '' : base}/${String(issue.params.missingProperty)}`,
          code: 'required',
          message: t(lang, 'field.required'),
        };
      case 'additionalProperties':
        return {
          field: base,
          code: 'additional',
          message: t(lang, 'field.additional', { name: String(issue.params.additionalProperty) }),
        };
      case 'type':
        return {
          field: base,
          code: 'type',
          message: t(lang, 'field.type', { type: String(issue.params.type) }),
        };
      case 'format':
        return {
          field: base,
          code: 'format',
          message: t(lang, 'field.format', { format: String(issue.params.format) }),
        };
      case 'minimum':
      case 'maximum':
      case 'minLength':
      case 'maxLength':
        return {
          field: base,
          code: issue.keyword,
          message: t(lang, `field.${issue.keyword}`, { limit: String(issue.params.limit) }),
        };
      case 'pattern':
        return { field: base, code: 'pattern', message: t(lang, 'field.pattern') };
      case 'enum':
        return { field: base, code: 'enum', message: t(lang, 'field.enum') };
      default:
        return { field: base, code: issue.keyword, message: t(lang, 'field.invalid') };
    }
  });
  return new DomainError('validation', 400, 'error.validation', {}, fieldErrors);
}

export const notFound = () => new DomainError('not_found', 404, 'error.not_found');
