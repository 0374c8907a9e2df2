// leaflet.markercluster is a UMD plugin that extends the global `L`: this module runs first.
import L from 'leaflet';

(globalThis as unknown as { L: typeof L }).L = L;
