// The report page, /pengaduan/{ref}, as each viewer sees it: the public its published facts and
// timeline, the reporter also the rating and reopening forms, an officer who may handle it the panel
// of actions. Shown by the public part (GET) and again by handling's forms when an action is refused
// (with that form's errors and what was typed).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { sendPage } from '../../web/layout.js';
import { viewerOf } from './access.js';
import type { AgencyCache } from './context.js';
import { type FailedAction, OfficerPanel, ReporterForms } from './handling/forms.js';
import { listResponseTemplates, suggestDuplicates } from './handling/queue.js';
import { getComplaint } from './public/service.js';
import { ComplaintDetail, type MapTiles, Notice } from './ui.js';

export interface ReportPageOptions {
  /** An officer's refused action form. */
  failed?: FailedAction;
  /** The reporter's refused rating or reopening. */
  reporterErrors?: FieldError[];
  status?: number;
}

export async function renderReportPage(request: FastifyRequest, reply: FastifyReply, deps: { agencies: AgencyCache; map?: MapTiles }, ref: string, options: ReportPageOptions = {}) {
  const ctx = { ...tenantContextOf(request), agencies: deps.agencies };
  const viewer = viewerOf(request.principal);
  const result = await getComplaint(ctx, { viewer, ref });
  const flash = (request.query as Record<string, string | undefined>).ok;
  // Moderation says what it changed: the public views (list, map, Open311) no longer show the report, or show it again.
  const flashText = flash === 'hide' || flash === 'unhide' ? t(request.lang, `cp.saved.${flash}`) : t(request.lang, 'cp.saved');
  let panel = null;
  if (result.view === 'officer' && viewer.kind === 'officer') {
    const { access } = viewer;
    const [duplicates, agencies, templates] = await Promise.all([
      suggestDuplicates(ctx, { access, ref: result.complaint.id }),
      ctx.agencies.list(ctx, ctx.tenant.id),
      listResponseTemplates(ctx, { access, agency: result.complaint.agencyId }),
    ]);
    panel = <OfficerPanel request={request} access={access} c={result.complaint} duplicates={duplicates} agencies={agencies} templates={templates} failed={options.failed} map={deps.map} />;
  }
  return sendPage(
    reply,
    {
      request,
      title: result.complaint.title,
      children: (
        <>
          {flash ? <Notice text={flashText} /> : null}
          <ComplaintDetail request={request} c={result.complaint} timeZone={ctx.tenant.timeZone} />
          {panel}
          {result.view === 'reporter' ? <ReporterForms request={request} complaint={result.complaint} errors={options.reporterErrors} /> : null}
        </>
      ),
    },
    options.status ?? 200,
  );
}
