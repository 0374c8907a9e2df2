// Small form components for the identity pages: error summary at the top, errors beside fields,
// hidden CSRF field. Server-rendered; no JavaScript.
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { DomainError, toProblem } from '../../platform/errors.js';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import { type MessageKey, t } from '../../platform/i18n/index.js';
import './strings.js';

export type FormErrors = Record<string, string>;

/** Field errors of a DomainError, by form field name ('/nik' → 'nik'); a general one under '_'. */
export function formErrors(request: FastifyRequest, error: unknown): FormErrors | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const problem = toProblem(error, request.lang);
  const out: FormErrors = {};
  for (const e of problem.errors ?? []) out[e.field.replace(/^\//, '').split('/')[0] || '_'] ??= e.message;
  if (Object.keys(out).length === 0) out._ = problem.title;
  return out;
}

export function Csrf({ request }: { request: FastifyRequest }) {
  return <input type="hidden" name={CSRF_FIELD} value={request.csrfToken()} />;
}

export function ErrorSummary({ request, errors, labels }: { request: FastifyRequest; errors?: FormErrors; labels: Record<string, string> }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t(request.lang, 'identity.page.error_summary')}</h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>{field === '_' ? message : <a href={`#${field}`}>{`${labels[field] ?? field}: ${message}`}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  errors?: FormErrors;
  autocomplete?: string;
  inputmode?: string;
  required?: boolean;
  children?: ComponentChildren;
}) {
  const error = props.errors?.[props.name];
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = error ? `${props.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={errorId}>
          {error}
        </span>
      )}
      {props.children ?? (
        <input
          id={props.name}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          inputMode={props.inputmode as never}
          required={props.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
      )}
    </div>
  );
}

export const tt = (request: FastifyRequest, key: MessageKey, vars?: Record<string, string | number>) => t(request.lang, key, vars);

/** A date and time in the tenant's time zone and the page's language. */
export function formatDateTime(request: FastifyRequest, d: Date): string {
  return d.toLocaleString(request.lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: request.tenant?.timeZone ?? 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });
}

/** Only a same-site path (starting with one "/", no scheme, no "//" or "/\\"): the return address after sign-in. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return undefined;
  return value;
}
