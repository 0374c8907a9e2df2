// The dashboard's charts, rendered on the server as SVG (they print and need no JavaScript). The maths —
// scales, ticks, line paths, colour ramps — is d3-scale and d3-shape (docs/decisions/0092); this file
// only lays out marks. Every chart has a <title> and <desc> and is labelled by them; the page puts the
// same figures in a table beside it. Each mark carries its own figure: a <title> (the browser's own
// tooltip on hover, without JavaScript) and data-tip, which the chart-tips island shows on hover and on
// a tap, where JavaScript runs (src/web/client/chart-tips.ts).
import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

const WIDTH = 640;
const HEIGHT = 260;
const M = { top: 16, right: 16, bottom: 36, left: 48 };

interface Frame {
  id: string;
  title: string;
  desc: string;
}

function Svg({ id, title, desc, height = HEIGHT, children }: Frame & { height?: number; children: preact.ComponentChildren }) {
  return (
    <svg class="chart" id={id} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {children}
    </svg>
  );
}

function YAxis({ ticks, y, format = String }: { ticks: number[]; y: (v: number) => number; format?: (v: number) => string }) {
  return (
    <g class="axis" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} class="grid" />
          <text x={M.left - 6} y={y(t)} dy="0.32em" text-anchor="end">
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

export interface Series {
  label: string;
  values: number[];
  /** One of the palette's classes: s1, s2, s3. */
  cls: string;
}

/** Lines over months (x: the months in order). */
export function LineChart({ id, title, desc, labels, series, tip }: Frame & { labels: string[]; series: Series[]; tip: (label: string, series: string, value: number) => string }) {
  const x = scaleBand<number>()
    .domain(labels.map((_, i) => i))
    .range([M.left, WIDTH - M.right])
    .padding(0.5);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const y = scaleLinear().domain([0, max]).nice().range([HEIGHT - M.bottom, M.top]);
  const path = line<number>()
    .x((_, i) => (x(i) ?? 0) + x.bandwidth() / 2)
    .y((v) => y(v));
  const every = Math.ceil(labels.length / 6);
  return (
    <Svg id={id} title={title} desc={desc}>
      <YAxis ticks={y.ticks(5).filter(Number.isInteger)} y={y} />
      <g class="axis" aria-hidden="true">
        {labels.map((l, i) =>
          i % every === 0 ? (
            <text key={l} x={(x(i) ?? 0) + x.bandwidth() / 2} y={HEIGHT - M.bottom + 18} text-anchor="middle">
              {l}
            </text>
          ) : null,
        )}
      </g>
      {series.map((s) => (
        <g key={s.label} class={`series ${s.cls}`}>
          <path d={path(s.values) ?? ''} fill="none" />
          {s.values.map((v, i) => {
            const text = tip(labels[i]!, s.label, v);
            return (
              <circle key={i} cx={(x(i) ?? 0) + x.bandwidth() / 2} cy={y(v)} r="4" data-tip={text}>
                <title>{text}</title>
              </circle>
            );
          })}
        </g>
      ))}
      <g class="legend" aria-hidden="true">
        {series.map((s, i) => (
          <g key={s.label} class={`series ${s.cls}`} transform={`translate(${M.left + i * 190}, ${HEIGHT - 8})`}>
            <line x1="0" x2="16" y1="-4" y2="-4" />
            <text x="22" y="0">
              {s.label}
            </text>
          </g>
        ))}
      </g>
    </Svg>
  );
}

/** Horizontal bars, one per label, values 0–100 (percent). */
export function PercentBars({ id, title, desc, bars, tip }: Frame & { bars: { label: string; value: number | null }[]; tip: (label: string, value: number | null) => string }) {
  const height = M.top + bars.length * 28 + 24;
  const left = 180;
  const x = scaleLinear()
    .domain([0, 100])
    .range([left, WIDTH - M.right - 40]);
  return (
    <Svg id={id} title={title} desc={desc} height={height}>
      {bars.map((b, i) => {
        const text = tip(b.label, b.value);
        return (
          <g key={b.label} transform={`translate(0, ${M.top + i * 28})`}>
            <text x={left - 8} y="14" text-anchor="end" class="label">
              {b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label}
            </text>
            <rect x={left} y="2" height="18" width={Math.max(0, x(b.value ?? 0) - left)} class="bar" data-tip={text}>
              <title>{text}</title>
            </rect>
            <text x={x(b.value ?? 0) + 6} y="15" class="value">
              {b.value === null ? '—' : `${b.value}%`}
            </text>
          </g>
        );
      })}
    </Svg>
  );
}

/** Vertical bars over integer categories (working days). */
export function Columns({ id, title, desc, columns, tip }: Frame & { columns: { label: string; value: number }[]; tip: (label: string, value: number) => string }) {
  const x = scaleBand<string>()
    .domain(columns.map((c) => c.label))
    .range([M.left, WIDTH - M.right])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...columns.map((c) => c.value))])
    .nice()
    .range([HEIGHT - M.bottom, M.top]);
  const every = Math.ceil(columns.length / 16);
  return (
    <Svg id={id} title={title} desc={desc}>
      <YAxis ticks={y.ticks(5).filter(Number.isInteger)} y={y} />
      {columns.map((c, i) => {
        const text = tip(c.label, c.value);
        return (
          <g key={c.label}>
            <rect x={x(c.label)} y={y(c.value)} width={x.bandwidth()} height={HEIGHT - M.bottom - y(c.value)} class="bar" data-tip={text}>
              <title>{text}</title>
            </rect>
            {i % every === 0 ? (
              <text x={(x(c.label) ?? 0) + x.bandwidth() / 2} y={HEIGHT - M.bottom + 18} text-anchor="middle" class="axis-label" aria-hidden="true">
                {c.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </Svg>
  );
}

/** Complaint counts per grid cell, placed by their south-west corners, darker for more. */
export function CellMap({ id, title, desc, cells, size, tip }: Frame & { cells: { south: number; west: number; complaints: number }[]; size: number; tip: (cell: { south: number; west: number; complaints: number }) => string }) {
  const south = Math.min(...cells.map((c) => c.south));
  const north = Math.max(...cells.map((c) => c.south)) + size;
  const west = Math.min(...cells.map((c) => c.west));
  const east = Math.max(...cells.map((c) => c.west)) + size;
  // Equal degrees both ways, as a simple equirectangular view near the equator.
  const span = Math.max(north - south, east - west);
  const side = HEIGHT - M.top - 8;
  const x = scaleLinear()
    .domain([west, west + span])
    .range([M.left, M.left + side]);
  const y = scaleLinear()
    .domain([south, south + span])
    .range([M.top + side, M.top]);
  const colour = scaleLinear<string>()
    .domain([0, Math.max(1, ...cells.map((c) => c.complaints))])
    .range(['#dbe9f6', '#08306b']);
  return (
    <Svg id={id} title={title} desc={desc}>
      <rect x={M.left} y={M.top} width={side} height={side} class="map-frame" />
      {cells.map((c) => {
        const text = tip(c);
        return (
          <rect key={`${c.south}:${c.west}`} x={x(c.west)} y={y(c.south + size)} width={x(c.west + size) - x(c.west)} height={y(c.south) - y(c.south + size)} fill={colour(c.complaints)} class="cell" data-tip={text}>
            <title>{text}</title>
          </rect>
        );
      })}
    </Svg>
  );
}
