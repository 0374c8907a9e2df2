// Shared by the lazy islands (location-picker.ts, point-map.ts): a stylesheet added to the page.

/** Resolves once the stylesheet applies: Leaflet measures its container when it starts. */
export function loadStylesheet(href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`could not load ${href}`));
    document.head.append(link);
  });
}
