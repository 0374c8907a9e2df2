// The area editor island (bundled by scripts/build-client.mjs into
// src/web/static/build/service-area-editor.js) of the area field (web/area-field.tsx): on the add and
// edit forms of the agencies' service areas (/petugas/pengaduan/wilayah-layanan) and on the tenant's
// own area (/petugas/wilayah). The form works without it: the boundary is GeoJSON typed or
// pasted into the textarea, and the server checks it. With JavaScript a Leaflet map below the
// textarea (so an error message stays beside the field) shows that boundary and lets the officer
// draw, reshape, move and delete polygons with leaflet-geoman (decision 0024); every change is written back into the textarea as GeoJSON (one
// Polygon, or a MultiPolygon), and text typed into the textarea is drawn when it is valid. When the
// page names a list (data-areas: the service areas' API), the tenant's other areas are drawn in grey
// for context.
// No inline styles or scripts (CSP); names go in with textContent only.
import './leaflet-global.js';
import 'leaflet/dist/leaflet.css';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import './service-area-editor.css';
import L from 'leaflet';
import '@geoman-io/leaflet-geoman-free';

type Ring = [number, number][];
type PolygonCoordinates = Ring[];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometry?: Geometry;
  features?: Geometry[];
  geometries?: Geometry[];
}

const INDONESIA: L.LatLngExpression = [-2.5, 118];
const EDITABLE: L.PathOptions = { color: '#0b5394', weight: 3, fillOpacity: 0.15 };
const CONTEXT: L.PathOptions = { color: '#595959', weight: 1, dashArray: '4 4', fillOpacity: 0.05, interactive: true };

/** The polygons of a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection (what the server accepts). */
function polygonsOf(value: Geometry | null | undefined): PolygonCoordinates[] {
  if (!value || typeof value !== 'object') return [];
  switch (value.type) {
    case 'Polygon':
      return Array.isArray(value.coordinates) ? [value.coordinates as PolygonCoordinates] : [];
    case 'MultiPolygon':
      return Array.isArray(value.coordinates) ? (value.coordinates as PolygonCoordinates[]) : [];
    case 'Feature':
      return polygonsOf(value.geometry);
    case 'FeatureCollection':
      return (value.features ?? []).flatMap((f) => polygonsOf(f));
    case 'GeometryCollection':
      return (value.geometries ?? []).flatMap((g) => polygonsOf(g));
    default:
      return [];
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** One Polygon, or a MultiPolygon of several; coordinates to 6 decimals (about 10 cm). */
function geometryOf(polygons: PolygonCoordinates[]): { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null {
  const clean = polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => [round(lng), round(lat)] as [number, number])));
  if (clean.length === 0) return null;
  return clean.length === 1 ? { type: 'Polygon', coordinates: clean[0] } : { type: 'MultiPolygon', coordinates: clean };
}

/** GeoJSON's [longitude, latitude] rings as Leaflet's [latitude, longitude]. */
const toLatLngs = (rings: PolygonCoordinates) => rings.map((ring) => ring.map(([lng, lat]) => [lat, lng] as L.LatLngTuple));

function parse(text: string): PolygonCoordinates[] | null {
  try {
    const polygons = polygonsOf(JSON.parse(text) as Geometry);
    const valid = polygons.every((rings) => rings.every((ring) => Array.isArray(ring) && ring.length >= 4 && ring.every((p) => Array.isArray(p) && p.length >= 2 && p.every(Number.isFinite))));
    return valid ? polygons : null;
  } catch {
    return null;
  }
}

function start(el: HTMLElement, textarea: HTMLTextAreaElement) {
  const map = L.map(el, { scrollWheelZoom: false }).setView(INDONESIA, 5);
  L.tileLayer(el.dataset.tiles!, { maxZoom: 19, attribution: el.dataset.attribution ?? '' }).addTo(map);
  map.pm.setLang(el.dataset.lang === 'en' ? 'en' : 'id');
  map.pm.setGlobalOptions({ pathOptions: EDITABLE, allowSelfIntersection: false });
  map.pm.addControls({
    position: 'topleft',
    drawMarker: false,
    drawCircleMarker: false,
    drawPolyline: false,
    drawCircle: false,
    drawText: false,
    drawRectangle: true,
    drawPolygon: true,
    editMode: true,
    dragMode: true,
    cutPolygon: true,
    removalMode: true,
    rotateMode: false,
  });
  // geoman's tool buttons are empty links with the title on their container: name them for screen
  // readers (WCAG 4.1.2).
  for (const container of el.querySelectorAll<HTMLElement>('.leaflet-pm-toolbar .button-container[title]')) {
    container.querySelector('a.leaflet-buttons-control-button')?.setAttribute('aria-label', container.title);
  }
  const status = document.getElementById(el.dataset.status ?? '');
  const editable = L.featureGroup().addTo(map);
  const context = L.featureGroup().addTo(map);

  /** The map's polygons into the textarea (what the form sends). */
  const write = () => {
    const polygons: PolygonCoordinates[] = [];
    editable.eachLayer((layer) => {
      const geometry = (layer as L.Polygon).toGeoJSON().geometry as Geometry;
      polygons.push(...polygonsOf(geometry));
    });
    const geometry = geometryOf(polygons);
    textarea.value = geometry ? JSON.stringify(geometry, null, 2) : '';
    el.dataset.polygons = String(polygons.length);
    if (status) status.textContent = (el.dataset.msgCount ?? '{n}').replace('{n}', String(polygons.length));
  };
  const watch = (layer: L.Layer) => {
    layer.on('pm:edit pm:dragend pm:cut', write);
    editable.addLayer(layer);
  };
  /** The textarea into the map, when it holds polygons; otherwise the map is left as it was. */
  const read = (fit: boolean) => {
    const polygons = parse(textarea.value);
    if (!polygons) return;
    editable.clearLayers();
    for (const rings of polygons) watch(L.polygon(toLatLngs(rings), EDITABLE));
    el.dataset.polygons = String(polygons.length);
    if (fit && polygons.length > 0) map.fitBounds(editable.getBounds(), { maxZoom: 16, padding: [16, 16] });
  };

  map.on('pm:create', (e) => {
    watch(e.layer);
    write();
  });
  map.on('pm:remove', (e) => {
    editable.removeLayer(e.layer);
    write();
  });
  // A cut replaces the layer by a new one: the new one is watched, the old one leaves the group.
  map.on('pm:cut', (e) => {
    editable.removeLayer(e.originalLayer);
    watch(e.layer);
    write();
  });
  textarea.addEventListener('change', () => read(true));
  read(true);

  // The tenant's other areas, for context (grey, not editable); the map shows them when there is
  // nothing to edit yet.
  if (!el.dataset.areas) {
    el.dataset.ready = 'true';
    return;
  }
  void fetch(el.dataset.areas, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then((r) => (r.ok ? (r.json() as Promise<{ items: { id: string; name: string; area: Geometry }[] }>) : { items: [] }))
    .then(({ items }) => {
      for (const item of items) {
        if (item.id === el.dataset.areaId) continue;
        for (const rings of polygonsOf(item.area)) {
          const shape = L.polygon(toLatLngs(rings), { ...CONTEXT, pmIgnore: true } as L.PolylineOptions);
          const label = document.createElement('span');
          label.textContent = item.name;
          shape.bindTooltip(label, { sticky: true });
          context.addLayer(shape);
        }
      }
      if (editable.getLayers().length === 0 && context.getLayers().length > 0) map.fitBounds(context.getBounds(), { maxZoom: 15, padding: [16, 16] });
      el.dataset.context = String(context.getLayers().length);
    })
    .catch(() => undefined)
    .finally(() => {
      el.dataset.ready = 'true';
    });
}

const el = document.getElementById('area-map');
const textarea = document.getElementById('f-area');
if (el && textarea instanceof HTMLTextAreaElement) start(el, textarea);
