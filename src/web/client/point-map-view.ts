// The map of one point (bundled into src/web/static/build/point-map-view.js and .css; loaded by
// point-map.js): a Leaflet map centred on the point, with a pin there and nothing to do but look,
// pan and zoom. Every text and the point come from the page's data-* attributes. No inline styles or
// scripts (CSP); no request of its own but the tiles.
import 'leaflet/dist/leaflet.css';
import './point-map-view.css';
import L from 'leaflet';

export function showPointMap(el: HTMLElement): void {
  const data = el.dataset;
  const at = L.latLng(Number(data.lat), Number(data.lon));
  el.hidden = false; // before the map is made, so that it has a size
  const map = L.map(el, { scrollWheelZoom: false }).setView(at, 16);
  L.tileLayer(data.tiles!, { maxZoom: 19, attribution: data.attribution ?? '' }).addTo(map);
  const pin = L.marker(at, { keyboard: false, interactive: false, icon: L.divIcon({ className: 'point-pin', iconSize: [28, 28] }) }).addTo(map);
  pin.getElement()?.setAttribute('role', 'img');
  pin.getElement()?.setAttribute('aria-label', data.pin ?? '');
  el.dataset.ready = 'true';
}
