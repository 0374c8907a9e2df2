// The area field every page that takes a boundary uses (agencies' service areas, the tenant's own
// area): a GeoJSON textarea — the form without JavaScript: the officer pastes what geojson.io saves,
// and the server checks it — and below it the map island (client/service-area-editor.ts) that draws
// the boundary, lets the officer draw, reshape, move and delete polygons, and writes every change back
// into the textarea. The map sits below the textarea so the field's error message stays beside it.
// Every text comes from the page (the module's words); web/ knows no module.
import type { FieldError } from '../platform/errors.js';

export interface AreaFieldText {
  label: string;
  hint: string;
  /** The map region's accessible name. */
  mapLabel: string;
  /** How to draw on the map. */
  mapHelp: string;
  /** The status after a change, with `{n}` polygons. */
  mapCount: string;
}

export function AreaField(props: {
  lang: string;
  text: AreaFieldText;
  value: string | undefined;
  errors?: readonly FieldError[];
  tiles: { tileUrl: string; attribution: string };
  /** A JSON API listing the other areas ({ items: [{ id, name, area }] }), drawn in grey for context. */
  contextUrl?: string;
  /** The area being edited (left out of the context). */
  areaId?: string;
}) {
  const { text } = props;
  const error = props.errors?.find((e) => e.field === '/area');
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="f-area">{text.label}</label>
      <p class="hint" id="h-area">
        {text.hint}
      </p>
      {error ? (
        <p class="field-error" id="e-area">
          {error.message}
        </p>
      ) : null}
      <textarea id="f-area" name="area" rows={10} spellcheck={false} required aria-describedby={error ? 'h-area e-area' : 'h-area'} aria-invalid={error ? 'true' : undefined}>
        {props.value ?? ''}
      </textarea>
      <link rel="stylesheet" href="/static/build/service-area-editor.css" />
      <div
        id="area-map"
        class="area-map"
        role="region"
        aria-label={text.mapLabel}
        data-tiles={props.tiles.tileUrl}
        data-attribution={props.tiles.attribution}
        data-lang={props.lang}
        data-areas={props.contextUrl}
        data-area-id={props.areaId}
        data-status="area-map-status"
        data-msg-count={text.mapCount}
      />
      <p class="hint area-map-help">{text.mapHelp}</p>
      <p class="area-map-help" id="area-map-status" role="status" aria-live="polite" />
      <script type="module" src="/static/build/service-area-editor.js" />
    </div>
  );
}
