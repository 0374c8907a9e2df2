// The complaint form's map (bundled by scripts/build-client.mjs into
// src/web/static/build/location-picker-map.js and .css; loaded by location-picker.js when the location
// fieldset comes near the screen). Without it the form has its latitude and longitude text fields;
// with it a Leaflet map shows above them: a tap (or Enter on the focused map) puts or moves a draggable
// pin and fills the fields, typed coordinates move the pin, "Gunakan lokasi saya" asks the browser for
// its position, "Hapus titik" empties the fields. Every text comes from the page's data-* attributes
// (the i18n files). The position goes into the form only: nothing here makes a request of its own, the
// map's tile images aside. No inline styles or scripts (CSP).
import 'leaflet/dist/leaflet.css';
import './location-picker-map.css';
import L from 'leaflet';

/** All of Indonesia, when the tenant has no service areas to open on. */
const INDONESIA = L.latLngBounds([-11, 94.5], [6.5, 141.5]);
const PIN_ZOOM = 17;

/** A plain decimal in [-limit, limit] (a comma accepted as the decimal sign, as the server does); else undefined. */
function parseCoordinate(text: string, limit: number): number | undefined {
  const value = text.trim().replace(',', '.');
  if (!/^-?\d{1,3}(\.\d+)?$/.test(value)) return undefined;
  const n = Number(value);
  return Math.abs(n) <= limit ? n : undefined;
}

/** Six decimals (about 0.1 m), without trailing zeros. */
function formatCoordinate(n: number): string {
  return String(Number(n.toFixed(6)));
}

function parseBounds(text: string | undefined): L.LatLngBounds | undefined {
  const n = (text ?? '').split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return undefined;
  return L.latLngBounds([n[0]!, n[1]!], [n[2]!, n[3]!]);
}

/** Shows the map in the picker block `root` and ties it to the two coordinate fields. */
export function startLocationPicker(root: HTMLElement, mapEl: HTMLElement, latInput: HTMLInputElement, lonInput: HTMLInputElement): void {
  const text = root.dataset;
  const status = root.querySelector<HTMLElement>('.location-status')!;
  const locateButton = root.querySelector<HTMLButtonElement>('button[data-action="locate"]')!;
  const clearButton = root.querySelector<HTMLButtonElement>('button[data-action="clear"]')!;
  root.hidden = false; // before the map is made, so that it has a size

  const map = L.map(mapEl, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut }).addTo(map);
  L.tileLayer(text.tiles!, { maxZoom: 19, attribution: text.attribution ?? '' }).addTo(map);
  let pin: L.Marker | undefined;

  const say = (message: string | undefined, isError = false) => {
    status.textContent = message ?? '';
    status.classList.toggle('is-error', isError);
  };

  const fill = (at: L.LatLng) => {
    const p = at.wrap();
    latInput.value = formatCoordinate(p.lat);
    lonInput.value = formatCoordinate(p.lng);
  };

  const showPin = (at: L.LatLngExpression) => {
    if (pin) {
      pin.setLatLng(at);
      return;
    }
    // Not a tab stop (keyboard: false): a pin cannot be dragged with keys; Enter on the map moves it.
    pin = L.marker(at, { draggable: true, keyboard: false, title: text.pin, icon: L.divIcon({ className: 'location-pin', iconSize: [28, 28] }) }).addTo(map);
    pin.getElement()?.setAttribute('role', 'img');
    pin.getElement()?.setAttribute('aria-label', text.pin ?? '');
    pin.on('dragend', () => {
      fill(pin!.getLatLng());
      say(text.msgPlaced);
    });
  };

  const removePin = () => {
    pin?.remove();
    pin = undefined;
  };

  const placeAt = (at: L.LatLng) => {
    showPin(at);
    fill(at);
    say(text.msgPlaced);
  };

  map.on('click', (e: L.LeafletMouseEvent) => placeAt(e.latlng));
  // Keyboard: Leaflet pans with the arrow keys and zooms with +/−; Enter puts the pin at the centre.
  mapEl.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === mapEl) {
      e.preventDefault();
      placeAt(map.getCenter());
    }
  });

  const typed = () => {
    const lat = parseCoordinate(latInput.value, 90);
    const lon = parseCoordinate(lonInput.value, 180);
    return lat !== undefined && lon !== undefined ? L.latLng(lat, lon) : undefined;
  };
  const onTyped = () => {
    const at = typed();
    if (at) {
      showPin(at);
      if (!map.getBounds().contains(at)) map.panTo(at);
    } else if (latInput.value.trim() === '' && lonInput.value.trim() === '') removePin();
  };
  latInput.addEventListener('input', onTyped);
  lonInput.addEventListener('input', onTyped);

  clearButton.addEventListener('click', () => {
    removePin();
    latInput.value = '';
    lonInput.value = '';
    say(text.msgCleared);
  });

  let locating = false;
  locateButton.addEventListener('click', () => {
    if (!('geolocation' in navigator)) return say(text.msgUnsupported, true);
    if (locating) return;
    locating = true;
    say(text.msgLocating);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        locating = false;
        const at = L.latLng(position.coords.latitude, position.coords.longitude);
        showPin(at);
        fill(at);
        map.setView(at, Math.max(map.getZoom(), PIN_ZOOM));
        say((text.msgLocated ?? '').replace('{accuracy}', String(Math.round(position.coords.accuracy))));
      },
      (error) => {
        locating = false;
        if (error.code === error.PERMISSION_DENIED) say(text.msgDenied, true);
        else if (error.code === error.TIMEOUT) say(text.msgTimeout, true);
        else say(text.msgUnavailable, true);
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });

  // A form sent back with an error keeps its coordinates: the pin is shown there.
  const kept = typed();
  if (kept) {
    showPin(kept);
    map.setView(kept, PIN_ZOOM - 1);
  } else {
    map.fitBounds(parseBounds(text.bounds) ?? INDONESIA, { maxZoom: 15 });
  }
}
