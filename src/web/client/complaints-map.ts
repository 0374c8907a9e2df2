// The public complaints map island (bundled by scripts/build-client.mjs into
// src/web/static/build/complaints-map.js). The page is a complete list without it; with JavaScript it
// reads the masked GeoJSON of published reports and shows them clustered on a Leaflet map. Text goes
// in with textContent only (titles are citizens' text), no inline styles or scripts (CSP).
import './leaflet-global.js';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import './complaints-map.css';
import L from 'leaflet';
import 'leaflet.markercluster';

interface Feature {
  geometry: { coordinates: [number, number] };
  properties: { trackingNumber: string; title: string; agencyName: string | null; status: string; deadline: string };
}

const INDONESIA: L.LatLngExpression = [-2.5, 118];

function popup(base: string, f: Feature): HTMLElement {
  const box = document.createElement('div');
  const link = document.createElement('a');
  link.href = `${base}/pengaduan/${encodeURIComponent(f.properties.trackingNumber)}`;
  link.textContent = f.properties.title;
  const meta = document.createElement('p');
  meta.textContent = [f.properties.trackingNumber, f.properties.agencyName].filter(Boolean).join(' · ');
  box.append(link, meta);
  return box;
}

async function start(el: HTMLElement) {
  const map = L.map(el, { scrollWheelZoom: false }).setView(INDONESIA, 5);
  L.tileLayer(el.dataset.tiles!, { maxZoom: 19, attribution: el.dataset.attribution ?? '' }).addTo(map);
  const response = await fetch(el.dataset.geojson!, { headers: { accept: 'application/geo+json, application/json' } });
  if (!response.ok) return;
  const data = (await response.json()) as { features: Feature[] };
  const cluster = L.markerClusterGroup();
  const base = el.dataset.base ?? '';
  for (const f of data.features) {
    const [lng, lat] = f.geometry.coordinates;
    const marker = L.marker([lat, lng], {
      icon: L.divIcon({ className: `map-pin map-pin-${f.properties.deadline}`, iconSize: [22, 22] }),
      title: f.properties.title,
      alt: f.properties.title,
    });
    marker.bindPopup(popup(base, f));
    cluster.addLayer(marker);
  }
  map.addLayer(cluster);
  if (data.features.length > 0) map.fitBounds(cluster.getBounds(), { maxZoom: 16, padding: [24, 24] });
  el.dataset.ready = String(data.features.length);
}

const el = document.getElementById('complaints-map');
if (el) void start(el);
