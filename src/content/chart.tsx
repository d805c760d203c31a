// :::chart → a bar or line chart drawn as SVG on the server, with the table it was drawn from
// right behind it (screen readers, printing, copying the numbers). No script.
import type { JSX } from 'preact';
import type { ChartBlock } from './blocks.ts';

const WIDTH = 640;
const HEIGHT = 320;
const LEFT = 72;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 48;
/** Series colours: distinguishable, and each at least 3:1 against the page in light and dark. */
const COLOURS = ['#2f6db1', '#c0504d', '#4f8a2c', '#8e5bb5', '#b7791f', '#2b8c8c'];

/** Round axis bounds and a step of 1, 2 or 5 × 10ⁿ, at most six steps. */
export function niceScale(min: number, max: number): { min: number; max: number; step: number } {
  const lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step, step };
}

export function formatChartNumber(n: number): string {
  return n.toLocaleString('ja-JP', { maximumFractionDigits: 2 });
}

function ticks(scale: { min: number; max: number; step: number }): number[] {
  const out: number[] = [];
  for (let v = scale.min; v <= scale.max + scale.step / 1e6; v += scale.step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function ChartFigure({ block: b }: { block: ChartBlock }): JSX.Element {
  const all = b.series.flatMap((s) => s.values);
  const scale = niceScale(Math.min(...all), Math.max(...all));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const y = (v: number) => TOP + plotH - ((v - scale.min) / (scale.max - scale.min)) * plotH;
  const band = plotW / b.labels.length;
  const xCentre = (i: number) => LEFT + band * (i + 0.5);
  const unit = b.unit ?? '';
  // Long label rows are thinned so they do not overlap: at most about 12 labels shown.
  const labelEvery = Math.ceil(b.labels.length / 12);
  const summary = `${b.kind === 'bar' ? '棒グラフ' : '折れ線グラフ'}: ${b.title}${unit ? `（単位: ${unit}）` : ''}。数値は下の表にあります。`;
  const barGroup = band * 0.7;
  const barW = barGroup / b.series.length;
  return (
    <figure class={`block-chart block-chart-${b.kind}`}>
      <figcaption class="block-chart-title">
        {b.title}
        {unit ? <span class="unit">（単位: {unit}）</span> : null}
      </figcaption>
      <svg class="block-chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} xmlns="http://www.w3.org/2000/svg">
        <g class="axis" aria-hidden="true">
          {ticks(scale).map((t) => (
            <g>
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(t)} y2={y(t)} class={t === 0 ? 'zero' : 'grid'} />
              <text x={LEFT - 6} y={y(t) + 4} text-anchor="end">
                {formatChartNumber(t)}
              </text>
            </g>
          ))}
          {b.labels.map((l, i) =>
            i % labelEvery === 0 ? (
              <text x={xCentre(i)} y={HEIGHT - BOTTOM + 18} text-anchor="middle">
                {l}
              </text>
            ) : null,
          )}
        </g>
        {b.series.map((s, k) => {
          const colour = COLOURS[k % COLOURS.length]!;
          if (b.kind === 'bar') {
            return (
              <g class="series" fill={colour}>
                {s.values.map((v, i) => {
                  const x = xCentre(i) - barGroup / 2 + k * barW;
                  const top = y(Math.max(v, 0));
                  return (
                    <rect
                      x={x.toFixed(1)}
                      y={top.toFixed(1)}
                      width={(barW * 0.92).toFixed(1)}
                      height={Math.max(0.5, Math.abs(y(v) - y(0))).toFixed(1)}
                    >
                      <title>{`${b.labels[i]} ${s.name}: ${formatChartNumber(v)}${unit}`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          }
          const points = s.values.map((v, i) => `${xCentre(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
          return (
            <g class="series" stroke={colour} fill={colour}>
              <polyline points={points} fill="none" stroke-width="2.5" />
              {s.values.map((v, i) => (
                <circle cx={xCentre(i).toFixed(1)} cy={y(v).toFixed(1)} r="4">
                  <title>{`${b.labels[i]} ${s.name}: ${formatChartNumber(v)}${unit}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      {b.series.length > 1 ? (
        <ul class="block-chart-legend" aria-hidden="true">
          {b.series.map((s, k) => (
            <li>
              <svg class="swatch" viewBox="0 0 10 10" width="12" height="12">
                <rect width="10" height="10" fill={COLOURS[k % COLOURS.length]} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      {b.caption ? <p class="block-chart-caption">{b.caption}</p> : null}
      <details class="block-chart-data">
        <summary>数値を表で見る</summary>
        <div class="block-table" role="region" aria-label={`${b.title}の数値`} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{b.labelHeading}</th>
                {b.series.map((s) => (
                  <th scope="col">
                    {s.name}
                    {unit ? `（${unit}）` : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.labels.map((l, i) => (
                <tr>
                  <th scope="row">{l}</th>
                  {b.series.map((s) => (
                    <td class="num">{formatChartNumber(s.values[i]!)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
