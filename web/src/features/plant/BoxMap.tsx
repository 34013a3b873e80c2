// A map-like view of boxes drawn from their coordinates as SVG (no tiles, no map library):
// cross-connect boxes as squares, distribution boxes as dots coloured by occupancy; with
// several areas each area gets its own colour (the ring shows occupancy) and a legend.
// Scaled and centred to the points, with a scale bar; hover shows code and occupancy; a click
// on a distribution box opens its page.
import { Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CrossBox, DistBox } from '../../api/types';
import type { BoxCounts } from './common';
import { OCC_STEPS, occColor, useFormat } from './common';

export const AREA_COLORS = ['#1456b8', '#d4380d', '#389e0d', '#722ed1', '#d48806', '#08979c', '#c41d7f', '#595959', '#0050b3', '#7cb305'];

interface Props {
  areas: { id: number; code: string; name: string }[];
  distBoxes: DistBox[];
  crossBoxes: CrossBox[];
  counts: Map<number, BoxCounts>;
  height?: number;
}

const W = 900;
const PAD = 40;

function niceMetres(m: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(m)));
  for (const k of [5, 2, 1]) if (k * p <= m) return k * p;
  return p;
}

export function BoxMap({ areas, distBoxes, crossBoxes, counts, height = 520 }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const [hover, setHover] = useState<{ x: number; y: number; lines: string[] } | null>(null);
  const multi = areas.length > 1;
  const areaColor = useMemo(() => new Map(areas.map((a, i) => [a.id, AREA_COLORS[i % AREA_COLORS.length]])), [areas]);
  const H = height;

  // Cross boxes defined by a whole area have areaId; otherwise colour them by the area of their
  // distribution boxes here.
  const crossArea = useMemo(() => {
    const m = new Map<number, number>();
    distBoxes.forEach((d) => m.set(d.crossBoxId, d.areaId));
    crossBoxes.forEach((c) => c.areaId != null && m.set(c.id, c.areaId));
    return m;
  }, [distBoxes, crossBoxes]);

  const crossCounts = useMemo(() => {
    const m = new Map<number, { inUse: number; capacity: number }>();
    distBoxes.forEach((d) => {
      const c = counts.get(d.id);
      if (!c) return;
      const acc = m.get(d.crossBoxId) ?? { inUse: 0, capacity: 0 };
      acc.inUse += c.inUse;
      acc.capacity += c.capacity;
      m.set(d.crossBoxId, acc);
    });
    return m;
  }, [distBoxes, counts]);

  const geo = useMemo(() => {
    const pts = [...distBoxes, ...crossBoxes].filter((b) => Number.isFinite(b.lat) && Number.isFinite(b.lng) && (b.lat || b.lng));
    if (!pts.length) return null;
    const lat0 = pts.reduce((s, p) => s + p.lat, 0) / pts.length;
    const kx = Math.cos((lat0 * Math.PI) / 180);
    // local metres east/north of the first point
    const M = 111_320;
    const xy = (lat: number, lng: number) => ({ x: (lng - pts[0].lng) * kx * M, y: (lat - pts[0].lat) * M });
    const all = pts.map((p) => xy(p.lat, p.lng));
    let minX = Math.min(...all.map((p) => p.x));
    let maxX = Math.max(...all.map((p) => p.x));
    let minY = Math.min(...all.map((p) => p.y));
    let maxY = Math.max(...all.map((p) => p.y));
    // at least 200 m across so one or two points do not fill the whole view
    const span = Math.max(maxX - minX, maxY - minY, 200);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    minX = cx - span / 2;
    maxX = cx + span / 2;
    minY = cy - span / 2;
    maxY = cy + span / 2;
    const scale = Math.min((W - 2 * PAD) / (maxX - minX), (H - 2 * PAD) / (maxY - minY));
    const ox = W / 2 - cx * scale;
    const oy = H / 2 + cy * scale;
    const project = (lat: number, lng: number) => {
      const p = xy(lat, lng);
      return { x: ox + p.x * scale, y: oy - p.y * scale };
    };
    const bar = niceMetres((W * 0.2) / scale);
    return { project, scale, bar };
  }, [distBoxes, crossBoxes, H]);

  if (!geo)
    return (
      <Typography.Text type="secondary" data-testid="plant-map-empty">
        {t('plant.map.noCoords')}
      </Typography.Text>
    );

  const show = (e: React.MouseEvent, lines: string[]) => {
    const svg = (e.currentTarget as SVGElement).ownerSVGElement ?? (e.currentTarget as SVGSVGElement);
    const r = svg.getBoundingClientRect();
    setHover({ x: e.clientX - r.left, y: e.clientY - r.top, lines });
  };
  const areaName = (id: number | undefined) => areas.find((a) => a.id === id);

  return (
    <div style={{ position: 'relative' }} onMouseLeave={() => setHover(null)}>
      <svg
        data-testid="plant-map"
        viewBox={`0 0 ${W} ${H}`}
        style={{ width: '100%', maxWidth: W, height: 'auto', background: '#f7f9fc', border: '1px solid #e8e8e8', borderRadius: 8 }}
        role="img"
      >
        <defs>
          <pattern id="bc-grid" width="50" height="50" patternUnits="userSpaceOnUse">
            <path d="M 50 0 L 0 0 0 50" fill="none" stroke="#e6ebf2" strokeWidth="1" />
          </pattern>
        </defs>
        <rect x={0} y={0} width={W} height={H} fill="url(#bc-grid)" />
        {/* feeder lines: each distribution box to its cross-connect box */}
        {distBoxes.map((d) => {
          const c = crossBoxes.find((x) => x.id === d.crossBoxId);
          if (!c) return null;
          const a = geo.project(d.lat, d.lng);
          const b = geo.project(c.lat, c.lng);
          return <line key={`l${d.id}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#bfbfbf" strokeDasharray="4 3" />;
        })}
        {crossBoxes.map((c) => {
          const p = geo.project(c.lat, c.lng);
          const occ = crossCounts.get(c.id);
          const x = occ && occ.capacity ? occ.inUse / occ.capacity : null;
          const aid = crossArea.get(c.id);
          const fill = multi ? (areaColor.get(aid ?? -1) ?? '#8c8c8c') : occColor(x);
          const s = 14;
          return (
            <rect
              key={`c${c.id}`}
              data-testid={`map-cross-${c.code}`}
              x={p.x - s / 2}
              y={p.y - s / 2}
              width={s}
              height={s}
              fill={fill}
              stroke={multi ? occColor(x) : '#262626'}
              strokeWidth={multi ? 3 : 1.5}
              onMouseMove={(e) =>
                show(e, [
                  `${t('plant.map.crossBox')} ${c.code}`,
                  c.name,
                  x != null ? `${t('plant.box.occupancy')}: ${f.pct(x)}` : '',
                  areaName(aid)?.name ?? '',
                ])
              }
            />
          );
        })}
        {distBoxes.map((d) => {
          const p = geo.project(d.lat, d.lng);
          const c = counts.get(d.id);
          const x = c && c.capacity ? c.inUse / c.capacity : null;
          const fill = multi ? (areaColor.get(d.areaId) ?? '#8c8c8c') : occColor(x);
          return (
            <circle
              key={`d${d.id}`}
              data-testid={`map-box-${d.code}`}
              cx={p.x}
              cy={p.y}
              r={8}
              fill={fill}
              stroke={multi ? occColor(x) : '#fff'}
              strokeWidth={multi ? 3 : 2}
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(`/boxes/${d.id}`)}
              onMouseMove={(e) =>
                show(e, [
                  `${t('plant.map.distBox')} ${d.code}`,
                  c ? `${t('plant.box.occupancy')}: ${f.pct(x)} (${f.num(c.inUse)}/${f.num(c.capacity)})` : '',
                  d.address,
                  multi ? (areaName(d.areaId)?.name ?? '') : '',
                ])
              }
            />
          );
        })}
        {/* codes beside the boxes when there are few enough to read */}
        {distBoxes.length <= 60 &&
          (() => {
            // Greedy placement: right, left, above, below; a label that would overlap another is left out.
            const placed: { x: number; y: number; w: number; h: number }[] = [];
            const hits = (r: { x: number; y: number; w: number; h: number }) =>
              r.x < 0 || r.x + r.w > W || r.y < 0 || r.y + r.h > H ||
              placed.some((q) => r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h && q.y < r.y + r.h);
            // the markers themselves are obstacles too
            [...distBoxes, ...crossBoxes].forEach((b) => {
              const p = geo.project(b.lat, b.lng);
              placed.push({ x: p.x - 9, y: p.y - 9, w: 18, h: 18 });
            });
            return distBoxes.map((d) => {
              const p = geo.project(d.lat, d.lng);
              const w = d.code.length * 6.4;
              const h = 13;
              const spots = [
                { x: p.x + 12, y: p.y - h / 2 },
                { x: p.x - 12 - w, y: p.y - h / 2 },
                { x: p.x - w / 2, y: p.y - 12 - h },
                { x: p.x - w / 2, y: p.y + 12 },
              ];
              const spot = spots.find((r) => !hits({ ...r, w, h }));
              if (!spot) return null;
              placed.push({ ...spot, w, h });
              return (
                <text key={`t${d.id}`} x={spot.x} y={spot.y + 10} fontSize={11} fill="#434343" style={{ pointerEvents: 'none' }}>
                  {d.code}
                </text>
              );
            });
          })()}
        {/* scale bar */}
        <g transform={`translate(${PAD}, ${H - 18})`}>
          <line x1={0} y1={0} x2={geo.bar * geo.scale} y2={0} stroke="#262626" strokeWidth={2} />
          <line x1={0} y1={-5} x2={0} y2={5} stroke="#262626" strokeWidth={2} />
          <line x1={geo.bar * geo.scale} y1={-5} x2={geo.bar * geo.scale} y2={5} stroke="#262626" strokeWidth={2} />
          <text x={geo.bar * geo.scale + 8} y={4} fontSize={12} fill="#262626" data-testid="map-scale">
            {geo.bar >= 1000 ? `${f.num(geo.bar / 1000)} km` : `${f.num(geo.bar)} m`}
          </text>
        </g>
        {/* north arrow */}
        <g transform={`translate(${W - 28}, 34)`}>
          <path d="M0,-16 L7,6 L0,1 L-7,6 Z" fill="#262626" />
          <text x={0} y={20} fontSize={11} textAnchor="middle" fill="#262626">
            N
          </text>
        </g>
      </svg>
      {hover && (
        <div
          data-testid="map-tooltip"
          style={{
            position: 'absolute',
            left: hover.x + 12,
            top: hover.y + 12,
            background: 'rgba(0,0,0,0.85)',
            color: '#fff',
            padding: '6px 10px',
            borderRadius: 6,
            fontSize: 12,
            pointerEvents: 'none',
            whiteSpace: 'nowrap',
            zIndex: 10,
          }}
        >
          {hover.lines.filter(Boolean).map((l, i) => (
            <div key={i} style={i === 0 ? { fontWeight: 600 } : undefined}>
              {l}
            </div>
          ))}
        </div>
      )}
      <Space size={[16, 6]} wrap style={{ marginTop: 8, fontSize: 12 }} data-testid="map-legend">
        <span>
          <svg width={14} height={14} style={{ verticalAlign: 'middle' }}>
            <rect x={1} y={1} width={12} height={12} fill="#8c8c8c" />
          </svg>{' '}
          {t('plant.map.crossBox')}
        </span>
        <span>
          <svg width={14} height={14} style={{ verticalAlign: 'middle' }}>
            <circle cx={7} cy={7} r={6} fill="#8c8c8c" />
          </svg>{' '}
          {t('plant.map.distBox')}
        </span>
        {multi &&
          areas.map((a) => (
            <span key={a.id} data-testid={`map-legend-${a.code}`}>
              <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 6, background: areaColor.get(a.id), verticalAlign: 'middle', marginInlineEnd: 4 }} />
              {a.name} <Typography.Text type="secondary" style={{ fontSize: 11 }}>{a.code}</Typography.Text>
            </span>
          ))}
        <span>
          {t('plant.map.occupancyScale')}
          {multi ? ` (${t('plant.map.ring')})` : ''}:{' '}
          {OCC_STEPS.map((s, i) => (
            <span key={i} style={{ marginInlineStart: 6 }}>
              <span style={{ display: 'inline-block', width: 10, height: 10, background: s.color, verticalAlign: 'middle', marginInlineEnd: 2 }} />
              {i === 0
                ? `< ${f.pct(s.upTo)}`
                : Number.isFinite(s.upTo)
                  ? `${f.pct(OCC_STEPS[i - 1].upTo)}–${f.pct(s.upTo)}`
                  : `≥ ${f.pct(OCC_STEPS[i - 1].upTo)}`}
            </span>
          ))}
        </span>
      </Space>
    </div>
  );
}
