// The region browser (/wilayah): provinces, then regencies, districts and villages, each village with
// the code a citizen types on the registration form. Public; no JavaScript.
import type { FastifyInstance } from 'fastify';
import { t } from '../../../platform/i18n/index.js';
import { findRegion, listChildRegions, listProvinces, REGION_ATTRIBUTION, regionPath } from '../../../platform/regions/index.js';
import { sendPage } from '../../../web/layout.js';
import '../strings.js';

export function registerRegionPage(app: FastifyInstance): void {
  app.get<{ Querystring: { parent?: string } }>('/wilayah', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    const parent = typeof request.query.parent === 'string' && /^[\d.]{2,8}$/.test(request.query.parent) ? request.query.parent : undefined;
    const list = parent ? listChildRegions(parent) : listProvinces();
    const trail = parent ? regionPath(parent) : [];
    const title = t(request.lang, 'identity.region.title');
    return sendPage(reply, {
      request,
      title,
      children: (
        <>
          <h1>{title}</h1>
          <p>
            <a href={`${request.basePath}/wilayah`}>{t(request.lang, 'identity.region.all')}</a>
            {trail.map((r) => (
              <span key={r.code}>
                {' › '}
                <a href={`${request.basePath}/wilayah?parent=${r.code}`}>{r.name}</a>
              </span>
            ))}
          </p>
          <ul>
            {list.map((r) => (
              <li key={r.code}>
                {r.level === 'village' ? (
                  <>
                    {r.name} — <strong>{r.code}</strong>
                  </>
                ) : (
                  <a href={`${request.basePath}/wilayah?parent=${r.code}`}>{r.name}</a>
                )}
              </li>
            ))}
          </ul>
          {parent && !findRegion(parent) && <p>{t(request.lang, 'identity.region.unknown')}</p>}
          <p class="meta">{REGION_ATTRIBUTION}</p>
        </>
      ),
    });
  });
}
