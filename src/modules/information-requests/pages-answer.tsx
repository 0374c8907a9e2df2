// The answer files' downloads (no JavaScript needed): from a request's page for its requester and the
// PPID, superior or auditor (…/informasi-publik/permohonan/<id>/berkas/<file id>/unduh; the service
// checks whose request it is), and the answer link a requester who chose e-mail receives
// (…/informasi-publik/jawaban/<token>: the written answer and its files, without signing in, until it
// expires). Every download is audited by the service. Refusals (404, 410) go to the error page.
import type { FastifyInstance } from 'fastify';
import { type FileStore, sendFileDownload } from '../../platform/files/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { openAnswerFile, openAnswerLink, openAnswerLinkFile } from './answers.js';
import { AnswerFiles, formatDay, formatInstant } from './pages-ui.js';
import { localDate } from '../../platform/calendar/index.js';
import './strings.js';

const hide = { hide: true } as const;
const PAGE = '/informasi-publik/permohonan';
const LINK = '/informasi-publik/jawaban';

/** A request's answer file, relative to the tenant's base path (the requester's and the officers' pages link it). */
export const answerFilePath = (requestId: string, fileId: string) => `${PAGE}/${requestId}/berkas/${fileId}/unduh`;

export function registerAnswerPages(app: FastifyInstance, store: FileStore) {
  app.get<{ Params: { id: string; fileId: string } }>(`${PAGE}/:id/berkas/:fileId/unduh`, { schema: hide, config: { policy: 'information.answer_file' } }, async (request, reply) =>
    sendFileDownload(reply, await openAnswerFile(tenantContextOf(request), store, request.params)),
  );

  app.get<{ Params: { token: string } }>(`${LINK}/:token`, { schema: hide, config: { policy: 'information.answer_link' } }, async (request, reply) => {
    const lang = request.lang;
    const ctx = tenantContextOf(request);
    // The token is the credential: no referrer carries it to a page the answer links to.
    reply.header('referrer-policy', 'no-referrer');
    const answer = await openAnswerLink(ctx, { token: request.params.token });
    const title = t(lang, 'ppid.link.title', { number: answer.number });
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>{t(lang, 'ppid.link.intro', { date: formatDay(lang, localDate(new Date(answer.expiresAt).getTime(), ctx.tenant.timeZone)) })}</p>
          <section aria-labelledby="decision-title" id="decision">
            <h2 id="decision-title">{t(lang, 'ppid.decision.title')}</h2>
            <p>
              <strong>{t(lang, `ppid.decision.${answer.decision}`)}</strong> · {formatInstant(lang, ctx.tenant.timeZone, answer.decidedAt)}
            </p>
            <p id="decision-answer">{answer.answer}</p>
            {answer.redaction ? (
              <p>
                <strong>{t(lang, 'ppid.f.redaction')}:</strong> {answer.redaction}
              </p>
            ) : null}
          </section>
          {answer.files.length > 0 ? (
            <section aria-labelledby="files-title">
              <h2 id="files-title">{t(lang, 'ppid.files.title')}</h2>
              <AnswerFiles lang={lang} files={answer.files} href={(fileId) => `${request.basePath}${LINK}/${request.params.token}/${fileId}/unduh`} />
            </section>
          ) : null}
          <p class="notice">{t(lang, 'ppid.link.object')}</p>
        </>
      ),
    });
  });

  app.get<{ Params: { token: string; fileId: string } }>(`${LINK}/:token/:fileId/unduh`, { schema: hide, config: { policy: 'information.answer_link' } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    return sendFileDownload(reply, await openAnswerLinkFile(tenantContextOf(request), store, request.params));
  });
}
