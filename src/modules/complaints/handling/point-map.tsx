// The report's point on the officer's page: the coordinates as text with a link to a map (the page
// without JavaScript) and a small map island (web/client/point-map.ts, fetched lazily) that shows the
// point with a pin. Officers only: the public sees the point masked (public/).
import { type Lang, t } from '../../../platform/i18n/index.js';
import '../strings.js';
import type { MapTiles } from '../ui.js';

export function PointMap({ lang, latitude, longitude, tiles }: { lang: Lang; latitude: number; longitude: number; tiles?: MapTiles }) {
  return (
    <>
      {' '}
      <a href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`}>{t(lang, 'cp.point_map.open')}</a>
      {tiles ? (
        <>
          <div
            id="point-map"
            class="point-map"
            role="region"
            aria-label={t(lang, 'cp.point_map.label')}
            hidden
            data-lat={String(latitude)}
            data-lon={String(longitude)}
            data-tiles={tiles.tileUrl}
            data-attribution={tiles.attribution}
            data-pin={t(lang, 'cp.point_map.pin')}
          />
          <script type="module" src="/static/build/point-map.js" />
        </>
      ) : null}
    </>
  );
}
