// The citizen's privacy page (/akun/privasi): who read their personal data, when and why; every
// assistance at a counter with their consent; their requests (correction, erasure, consent
// withdrawal) and the form to file one; the download of everything held about them. People are named
// in words (an officer's name, "Sistem Gerbang"), never by an internal reference.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type MessageKey, t } from '../../../platform/i18n/index.js';
import { ErrorSummary, Field, Form, type FormValues, Select, TextArea } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { TableScroll } from '../../../web/table.js';
import { listMyAssistance } from '../assisted/service.js';
import { formatDateTime } from '../page-text.js';
import { type AccessRow, listMyDataAccess, listMyDataRequests, type PersonalField } from '../personal-data/service.js';
import { renderPrivacySections } from './privacy-sections.js';
import '../strings.js';

export const FIELD_LABELS: Record<PersonalField, MessageKey> = {
  name: 'identity.field.name',
  nik: 'identity.field.nik',
  birthDate: 'identity.field.birth_date',
  sex: 'identity.field.sex',
  email: 'identity.field.email',
  phone: 'identity.field.phone',
  regionCode: 'identity.field.region',
  address: 'identity.field.address',
  kkNumber: 'identity.field.kk',
};

/** Which data was read, in words ("Nama lengkap, NIK"), whatever codes the log holds. */
export function fieldsInWords(request: FastifyRequest, fields: readonly string[]): string {
  return fields.map((f) => (Object.hasOwn(FIELD_LABELS, f) ? t(request.lang, FIELD_LABELS[f as PersonalField]) : f)).join(', ');
}

/** Who read the data: the officer's name, else what kind of reader it was. */
export function accessorInWords(request: FastifyRequest, a: Pick<AccessRow, 'accessorKind' | 'accessorName'>): string {
  return a.accessorName ?? t(request.lang, `identity.privacy.accessor.${a.accessorKind}`);
}

export async function sendPrivacyPage(request: FastifyRequest, reply: FastifyReply, form: { values?: FormValues; errors?: readonly FieldError[] }, status = 200) {
  const ctx = tenantContextOf(request);
  const [log, requests, assistance, sections] = await Promise.all([listMyDataAccess(ctx), listMyDataRequests(ctx), listMyAssistance(ctx), renderPrivacySections(request)]);
  const lang = request.lang;
  const L = (k: MessageKey, vars?: Record<string, string | number>) => t(lang, k, vars);
  const fmt = (d: Date) => formatDateTime(request, d);
  return sendPage(
    reply,
    {
      request,
      title: L('identity.privacy.title'),
      children: (
        <>
          <h1>{L('identity.privacy.title')}</h1>
          <p>
            <a class="button secondary" href={`${request.basePath}/api/v1/me/data`} download="data-saya.json">
              {L('identity.privacy.download')}
            </a>
          </p>
          <h2 id="access-log">{L('identity.privacy.access_log')}</h2>
          {log.length === 0 ? (
            <p>{L('identity.privacy.no_access')}</p>
          ) : (
            <TableScroll labelledBy="access-log">
              <table class="data-table" aria-labelledby="access-log">
                <thead>
                  <tr>
                    <th scope="col">{L('identity.privacy.when')}</th>
                    <th scope="col">{L('identity.privacy.government')}</th>
                    <th scope="col">{L('identity.privacy.who')}</th>
                    <th scope="col">{L('identity.privacy.what')}</th>
                    <th scope="col">{L('identity.privacy.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.map((a) => (
                    <tr key={a.id}>
                      <td>{fmt(a.at)}</td>
                      <td>{a.tenantName}</td>
                      <td>{accessorInWords(request, a)}</td>
                      <td>{fieldsInWords(request, a.fields)}</td>
                      <td>{a.purpose}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <h2 id="assistance">{L('identity.privacy.assistance')}</h2>
          <p>{L('identity.privacy.assistance_lead')}</p>
          {!assistance.registration && assistance.sessions.length === 0 ? (
            <p>{L('identity.privacy.assistance_none')}</p>
          ) : (
            <TableScroll labelledBy="assistance">
              <table class="data-table" aria-labelledby="assistance" id="assistance-log">
                <thead>
                  <tr>
                    <th scope="col">{L('identity.privacy.when')}</th>
                    <th scope="col">{L('identity.privacy.government')}</th>
                    <th scope="col">{L('identity.privacy.who')}</th>
                    <th scope="col">{L('identity.privacy.what')}</th>
                    <th scope="col">{L('identity.privacy.consent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {assistance.sessions.map((a) => (
                    <tr key={a.id}>
                      <td>
                        {fmt(a.startedAt)}
                        <br />
                        <span class="meta">
                          {L('identity.privacy.ended')}: {a.endedAt ? fmt(a.endedAt) : L('identity.privacy.not_ended')}
                        </span>
                      </td>
                      <td>{a.officerName ?? L('identity.privacy.accessor.officer')}</td>
                      <td>
                        {L('identity.privacy.assisted_session')}
                        {a.purpose ? (
                          <>
                            <br />
                            <span class="meta">{a.purpose}</span>
                          </>
                        ) : null}
                      </td>
                      <td>{a.consent ?? ''}</td>
                    </tr>
                  ))}
                  {assistance.registration && (
                    <tr>
                      <td>{fmt(assistance.registration.at)}</td>
                      <td>{assistance.registration.officerName ?? L('identity.privacy.accessor.officer')}</td>
                      <td>{L('identity.privacy.assisted_registration')}</td>
                      <td>{assistance.registration.consent ?? ''}</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </TableScroll>
          )}
          {sections}
          <h2 id="requests">{L('identity.privacy.requests')}</h2>
          <p>{L('identity.privacy.requests_lead')}</p>
          <p>{L('identity.privacy.retention')}</p>
          {requests.length > 0 && (
            <TableScroll labelledBy="requests">
              <table class="data-table" aria-labelledby="requests">
                <thead>
                  <tr>
                    <th scope="col">{L('identity.privacy.kind')}</th>
                    <th scope="col">{L('identity.privacy.status')}</th>
                    <th scope="col">{L('identity.privacy.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {requests.map((r) => (
                    <tr key={r.id}>
                      <td>{L(`identity.request.kind.${r.kind}`)}</td>
                      <td>
                        {L(`identity.request.status.${r.status}`)}
                        {r.carriedOutAt ? (
                          <>
                            <br />
                            <span class="meta">{L('identity.privacy.carried_out', { at: fmt(r.carriedOutAt) })}</span>
                          </>
                        ) : null}
                        {r.resolution ? (
                          <>
                            <br />
                            <span class="meta">{r.resolution}</span>
                          </>
                        ) : null}
                      </td>
                      <td>{fmt(r.dueAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <ErrorSummary
            lang={lang}
            errors={form.errors}
            labels={{ details: L('identity.field.details'), correctionField: L('identity.field.correction_field'), correctionValue: L('identity.field.correction_value') }}
          />
          <Form request={request} action={`${request.basePath}/akun/privasi/permintaan`} class="form">
            <Select
              lang={lang}
              errors={form.errors}
              name="kind"
              label={L('identity.field.request_kind')}
              value={form.values?.kind}
              options={(['correction', 'erasure', 'consent_withdrawal'] as const).map((k) => ({ value: k, label: L(`identity.request.kind.${k}`) }))}
            />
            <TextArea lang={lang} errors={form.errors} name="details" label={L('identity.field.details')} value={form.values?.details} rows={4} />
            <Select
              lang={lang}
              errors={form.errors}
              name="correctionField"
              label={L('identity.field.correction_field')}
              value={form.values?.correctionField}
              emptyLabel={L('identity.field.correction_field.other')}
              options={(['name', 'email', 'phone'] as const).map((f) => ({ value: f, label: L(FIELD_LABELS[f]) }))}
            />
            <Field
              lang={lang}
              errors={form.errors}
              name="correctionValue"
              label={L('identity.field.correction_value')}
              hint={L('identity.field.correction_value_hint')}
              value={form.values?.correctionValue}
              required={false}
              maxLength={200}
            />
            <button class="button" type="submit">
              {L('identity.privacy.submit_request')}
            </button>
          </Form>
        </>
      ),
    },
    status,
  );
}
