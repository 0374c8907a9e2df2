// The preview of a service's output document, linked from the catalogue's admin page of the service:
// a PDF drawn from the saved draft's template with sample values, watermarked and unsigned (template.ts).
// A plain link to a PDF: no JavaScript, and the phone's own viewer shows it.
import type { FastifyInstance } from 'fastify';
import { can } from '../../platform/auth/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { registerServiceAdminLink } from '../catalog/index.js';
import { previewDocumentTemplate } from './template.js';
import './strings.js';

const path = (serviceId: string) => `/kelola/layanan/${serviceId}/dokumen-contoh`;

registerServiceAdminLink(async (request, service) => {
  if (!can(request.principal, 'catalog.manage', { agencyId: service.agencyId })) return undefined;
  return { href: `${request.basePath}${path(service.id)}`, label: t(request.lang, 'doc.preview.link') };
});

export function registerTemplatePreview(app: FastifyInstance, rt: Pick<ModuleRuntime, 'audit' | 'config'>) {
  app.get<{ Params: { id: string } }>(
    path(':id'),
    { config: { policy: 'catalog.manage' }, schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } },
    async (request, reply) => {
      const ctx = { ...tenantContextOf(request), audit: rt.audit, publicBaseUrl: rt.config.publicBaseUrl };
      const pdf = await previewDocumentTemplate(ctx, { serviceId: request.params.id, principal: request.principal });
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="contoh-dokumen.pdf"')
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );
}
