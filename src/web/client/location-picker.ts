// The location picker island of web/location-picker.tsx (the complaint form, the applications'
// map-point fields), bundled by scripts/build-client.mjs into src/web/static/build/location-picker.js
// (under 1 kB). The map itself — Leaflet and its stylesheet,
// about 50 kB compressed, location-picker-map.js and .css — is fetched only when the location fieldset
// comes near the screen: the form stays within the citizen page budget and starts fast on a cheap
// phone. Without JavaScript the picker block stays hidden and the coordinate fields are the form.
import type { startLocationPicker } from './location-picker-map.js';
import { loadStylesheet } from './load-stylesheet.js';

const MAP_MODULE = new URL('./location-picker-map.js', import.meta.url).href;
const MAP_STYLESHEET = new URL('./location-picker-map.css', import.meta.url).href;

async function showMap(root: HTMLElement, mapEl: HTMLElement, latInput: HTMLInputElement, lonInput: HTMLInputElement) {
  const [map] = await Promise.all([import(MAP_MODULE) as Promise<{ startLocationPicker: typeof startLocationPicker }>, loadStylesheet(MAP_STYLESHEET)]);
  map.startLocationPicker(root, mapEl, latInput, lonInput);
}

// Every picker of the page (a form may have several map points), each tied to the inputs it names.
for (const root of document.querySelectorAll<HTMLElement>('.location-picker')) {
  const mapEl = root.querySelector<HTMLElement>('.location-map');
  const latInput = document.getElementById(root.dataset.latInput ?? '');
  const lonInput = document.getElementById(root.dataset.lngInput ?? '');
  if (!mapEl || !(latInput instanceof HTMLInputElement) || !(lonInput instanceof HTMLInputElement)) continue;
  const start = () => void showMap(root, mapEl, latInput, lonInput);
  // The block is hidden until the map runs, so the fieldset around it is what comes into view.
  const fieldset = root.closest('fieldset') ?? root.parentElement!;
  if ('IntersectionObserver' in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        start();
      },
      { rootMargin: '25% 0px' },
    );
    observer.observe(fieldset);
  } else start();
}
