// The officer's QRIS reader (/petugas/qris): paste (or scan, where the browser can) the text of a QRIS
// a citizen shows, and read it — the verdict first, what is wrong in words, the summary an officer
// compares with the bill (amount in rupiah, merchant, bill number), then every field named. POST →
// 303 → GET: the text crosses the redirect in the one-time form flash, never in the URL (logs,
// history), so a reload of the result shows the empty form again.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Fragment } from 'preact';
import { contextOf } from '../../../platform/http/request-context.js';
import { t } from '../../../platform/i18n/index.js';
import type { FieldError } from '../../../platform/errors.js';
import { ErrorSummary, Form, handleForm, TextArea, takeFormFlash } from '../../../web/form.js';
import { sendPage } from '../../../web/layout.js';
import { TableScroll } from '../../../web/table.js';
import { formatRupiah } from '../receipt-pdf.js';
import { checkQrisPayload, type NamedField, type QrisReading, readQris } from './service.js';
import './strings.js';

const PATH = '/petugas/qris';
const ISLAND = '/static/build/qr-scan.js';

function FieldRows({ request, fields, sub = false }: { request: FastifyRequest; fields: readonly NamedField[]; sub?: boolean }) {
  const lang = request.lang;
  return (
    <>
      {fields.map((f) => (
        <Fragment key={f.tag}>
          <tr>
            {/* Named as the errors name it, "Nama merchant (59)": one narrow column less at 360 px. */}
            <th scope="row">{`${sub ? '↳ ' : ''}${t(lang, 'pay.qris.field', { name: f.name, tag: f.tag })}`}</th>
            <td>{f.children ? '' : f.value === '' ? t(lang, 'pay.qris.empty_value') : f.value}</td>
          </tr>
          {f.children ? <FieldRows request={request} fields={f.children} sub /> : null}
        </Fragment>
      ))}
    </>
  );
}

function Result({ request, reading }: { request: FastifyRequest; reading: QrisReading }) {
  const lang = request.lang;
  const valid = reading.errors.length === 0;
  const none = t(lang, 'pay.qris.none');
  const summary: Array<[string, string]> = [
    [t(lang, 'pay.qris.kind'), t(lang, reading.pointOfInitiation ? `pay.qris.kind.${reading.pointOfInitiation}` : 'pay.qris.kind.unknown')],
    [t(lang, 'pay.qris.tag.54'), reading.amount === null ? none : formatRupiah(reading.amount)],
    [t(lang, 'pay.qris.tag.59'), reading.merchantName ?? none],
    [t(lang, 'pay.qris.tag.60'), reading.merchantCity ?? none],
    [t(lang, 'pay.qris.tag.51.02'), reading.nmid ?? none],
    [t(lang, 'pay.qris.tag.62.01'), reading.billNumber ?? none],
  ];
  return (
    <section id="qris-result" aria-labelledby="qris-result-title">
      <h2 id="qris-result-title">{t(lang, 'pay.qris.result')}</h2>
      <div class={valid ? 'notice' : 'warning'} role="status" id="qris-verdict">
        <p>
          <strong>{t(lang, valid ? 'pay.qris.verdict.valid' : 'pay.qris.verdict.invalid')}</strong>
        </p>
        <p id="qris-crc">{t(lang, reading.crcValid ? 'pay.qris.crc.valid' : 'pay.qris.crc.invalid')}</p>
      </div>
      {valid ? null : (
        <>
          <h3>{t(lang, 'pay.qris.errors_title')}</h3>
          <ul id="qris-errors">
            {reading.errors.map((e) => (
              <li key={`${e.code}-${e.tag ?? ''}`}>{e.message}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{t(lang, 'pay.qris.summary')}</h3>
      <dl id="qris-summary">
        {summary.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {reading.fields.length ? (
        <>
          <h3 id="qris-fields-title">{t(lang, 'pay.qris.fields_title')}</h3>
          <TableScroll labelledBy="qris-fields-title">
            <table class="data-table" id="qris-fields">
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'pay.qris.col.field')}</th>
                  <th scope="col">{t(lang, 'pay.qris.col.value')}</th>
                </tr>
              </thead>
              <tbody>
                <FieldRows request={request} fields={reading.fields} />
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
    </section>
  );
}

function QrisPage({ request, payload, errors, reading }: { request: FastifyRequest; payload?: string; errors?: FieldError[]; reading?: QrisReading }) {
  const lang = request.lang;
  const label = t(lang, 'pay.qris.payload');
  return (
    <>
      <h1>{t(lang, 'pay.qris.title')}</h1>
      <p class="lead">{t(lang, 'pay.qris.lead')}</p>
      <ErrorSummary lang={lang} errors={errors} labels={{ payload: label }} />
      <Form request={request} action={`${request.basePath}${PATH}`}>
        <TextArea name="payload" label={label} lang={lang} hint={t(lang, 'pay.qris.payload_hint')} errors={errors} value={payload} rows={6} />
        {/* The scanner island shows this block only where the browser reads QR codes and has a camera. */}
        <div
          data-qr-scan
          data-target="f-payload"
          data-msg-start={t(lang, 'pay.qris.scan')}
          data-msg-stop={t(lang, 'pay.qris.scan_stop')}
          data-msg-failed={t(lang, 'pay.qris.scan_failed')}
          hidden
        >
          <button type="button" class="button secondary" data-qr-scan-button>
            {t(lang, 'pay.qris.scan')}
          </button>
          <video data-qr-scan-video aria-label={t(lang, 'pay.qris.scan_video')} muted playsInline hidden />
          <p class="hint">{t(lang, 'pay.qris.scan_hint')}</p>
          <p class="warning" role="alert" data-qr-scan-error hidden />
        </div>
        <p class="hint" data-qr-scan-nojs>
          {t(lang, 'pay.qris.paste_only')}
        </p>
        <button class="button" type="submit">
          {t(lang, 'pay.qris.submit')}
        </button>
      </Form>
      {reading ? <Result request={request} reading={reading} /> : null}
      <script type="module" src={ISLAND} />
    </>
  );
}

export function registerQrisPages(app: FastifyInstance): void {
  const config = { schema: { hide: true }, config: { policy: 'payments.qris' as const } };
  const title = (request: FastifyRequest) => t(request.lang, 'pay.qris.title');

  app.get(PATH, config, async (request, reply) => {
    const payload = takeFormFlash(request, reply)?.values?.payload;
    const reading = payload === undefined ? undefined : readQris(contextOf(request), { payload });
    return sendPage(reply, { request, title: title(request), children: <QrisPage request={request} payload={payload} reading={reading} /> });
  });

  app.post(
    PATH,
    config,
    handleForm({
      async act(request, values) {
        const payload = checkQrisPayload(values.payload);
        return { to: `${request.basePath}${PATH}`, flash: { errors: [], values: { payload } } };
      },
      show(request, reply, values, errors, status) {
        return sendPage(reply, { request, title: title(request), children: <QrisPage request={request} payload={values.payload} errors={errors} /> }, status);
      },
    }),
  );
}
