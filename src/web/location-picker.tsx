// The map above a pair of latitude/longitude fields (island static/build/location-picker.js, which
// fetches the Leaflet map only when the fields come near the screen): a tap or the browser's position
// fills the two inputs named by `latInput`/`lngInput`. Hidden until the map runs, so without JavaScript
// the fields are the form and the server's validation stays the authority. Used by the complaint form
// and the applications' map-point fields; several may share a page (the island starts each). Every text
// the island shows comes from the module that places it, in `data-*`.

/** The texts the picker shows, from the module's own words. */
export const PICKER_TEXT_KEYS = ['hint', 'map_label', 'locate', 'clear', 'pin', 'placed', 'cleared', 'locating', 'located', 'denied', 'unavailable', 'timeout', 'unsupported', 'zoom_in', 'zoom_out'] as const;
export type PickerTexts = Record<(typeof PICKER_TEXT_KEYS)[number], string>;

export interface LocationPickerProps {
  /** The picker block's id; its map is `mapId`. */
  id: string;
  mapId: string;
  /** The ids of the latitude and longitude inputs the map fills. */
  latInput: string;
  lngInput: string;
  tiles: { tileUrl: string; attribution: string };
  /** Where the map opens when the fields are empty: south, west, north, east (else all of Indonesia). */
  bounds?: readonly number[];
  texts: PickerTexts;
}

export function LocationPicker({ id, mapId, latInput, lngInput, tiles, bounds, texts }: LocationPickerProps) {
  return (
    <div
      id={id}
      class="location-picker"
      hidden
      data-tiles={tiles.tileUrl}
      data-attribution={tiles.attribution}
      data-bounds={bounds?.join(',')}
      data-lat-input={latInput}
      data-lng-input={lngInput}
      data-pin={texts.pin}
      data-zoom-in={texts.zoom_in}
      data-zoom-out={texts.zoom_out}
      data-msg-placed={texts.placed}
      data-msg-cleared={texts.cleared}
      data-msg-locating={texts.locating}
      data-msg-located={texts.located}
      data-msg-denied={texts.denied}
      data-msg-unavailable={texts.unavailable}
      data-msg-timeout={texts.timeout}
      data-msg-unsupported={texts.unsupported}
    >
      <p class="hint" id={`h-${mapId}`}>
        {texts.hint}
      </p>
      <div id={mapId} class="location-map" role="region" aria-label={texts.map_label} aria-describedby={`h-${mapId}`} />
      <p class="location-actions">
        <button type="button" class="secondary" data-action="locate">
          {texts.locate}
        </button>{' '}
        <button type="button" class="secondary" data-action="clear">
          {texts.clear}
        </button>
      </p>
      <p class="location-status" role="status" />
      <script type="module" src="/static/build/location-picker.js" />
    </div>
  );
}
