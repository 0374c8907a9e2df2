// The officer's report page: a small map with the report's point (bundled by scripts/build-client.mjs
// into src/web/static/build/point-map.js; under 1 kB). Leaflet and the map itself
// (point-map-view.js and .css) are fetched only when the block comes near the screen, so the page
// stays light. Without JavaScript the block stays hidden: the coordinates as text and a link to a map
// are the page.
import type { showPointMap } from './point-map-view.js';
import { loadStylesheet } from './load-stylesheet.js';

const MAP_MODULE = new URL('./point-map-view.js', import.meta.url).href;
const MAP_STYLESHEET = new URL('./point-map-view.css', import.meta.url).href;

async function start(el: HTMLElement) {
  const [view] = await Promise.all([import(MAP_MODULE) as Promise<{ showPointMap: typeof showPointMap }>, loadStylesheet(MAP_STYLESHEET)]);
  view.showPointMap(el);
}

const el = document.getElementById('point-map');
if (el) {
  // The block is hidden until the map runs, so its parent is what comes into view.
  const near = el.parentElement ?? el;
  if ('IntersectionObserver' in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        void start(el);
      },
      { rootMargin: '25% 0px' },
    );
    observer.observe(near);
  } else void start(el);
}
