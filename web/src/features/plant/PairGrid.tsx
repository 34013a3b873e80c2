// A box's pairs as a grid of small cells coloured by state, with a light tooltip (one for the
// whole grid, so 2,400 cells stay cheap). Used for browsing and for verification.
import { Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pair, PairState } from '../../api/types';
import { PAIR_STATES } from '../../api/types';
import { PAIR_COLOR } from './common';

interface Props {
  pairs: Pair[];
  /** Colour by this state instead of the recorded one (verification). */
  stateOf?: (p: Pair) => PairState;
  /** Marks a cell as differing (verification). */
  differs?: (p: Pair) => boolean;
  highlight?: number | null;
  onPick?: (p: Pair) => void;
  testId?: string;
}

export function PairLegend({ counts }: { counts?: Partial<Record<PairState, number>> }) {
  const { t } = useTranslation();
  return (
    <Space size={16} wrap style={{ fontSize: 12 }} data-testid="pair-legend">
      {PAIR_STATES.map((s) => (
        <span key={s}>
          <span
            style={{
              display: 'inline-block',
              width: 12,
              height: 12,
              borderRadius: 2,
              background: PAIR_COLOR[s],
              border: '1px solid #d9d9d9',
              verticalAlign: 'middle',
              marginInlineEnd: 4,
            }}
          />
          {t(`plant.pair.states.${s}`)}
          {counts?.[s] != null ? ` (${counts[s]})` : ''}
        </span>
      ))}
    </Space>
  );
}

export function PairGrid({ pairs, stateOf, differs, highlight, onPick, testId = 'pair-grid' }: Props) {
  const { t } = useTranslation();
  const wrap = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ p: Pair; x: number; y: number } | null>(null);
  const small = pairs.length > 600;
  const w = small ? 18 : 30;
  const h = small ? 14 : 20;

  useEffect(() => {
    if (highlight == null || !wrap.current) return;
    const el = wrap.current.querySelector(`[data-pair="${highlight}"]`);
    el?.scrollIntoView({ block: 'center', behavior: 'auto' });
  }, [highlight, pairs.length]);

  return (
    <div style={{ position: 'relative' }} ref={wrap} onMouseLeave={() => setHover(null)}>
      <div
        data-testid={testId}
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(auto-fill, ${w}px)`,
          gap: 3,
          maxHeight: 520,
          overflow: 'auto',
          padding: 4,
        }}
      >
        {pairs.map((p) => {
          const s = stateOf ? stateOf(p) : p.state;
          const diff = differs?.(p) ?? false;
          const hi = highlight === p.pairNo;
          return (
            <div
              key={p.pairNo}
              data-testid={`pair-${p.pairNo}`}
              data-pair={p.pairNo}
              data-state={s}
              data-recorded={p.state}
              data-differs={diff ? 'true' : undefined}
              role="button"
              aria-label={t('plant.pair.tip', { n: p.pairNo, state: t(`plant.pair.states.${s}`) })}
              onClick={() => onPick?.(p)}
              onMouseEnter={(e) => {
                const box = wrap.current!.getBoundingClientRect();
                const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                setHover({ p, x: r.left - box.left + r.width / 2, y: r.top - box.top });
              }}
              style={{
                width: w,
                height: h,
                borderRadius: 2,
                background: PAIR_COLOR[s],
                color: s === 'free' || s === 'reserved' ? '#555' : '#fff',
                fontSize: small ? 0 : 9,
                lineHeight: `${h}px`,
                textAlign: 'center',
                cursor: onPick ? 'pointer' : 'default',
                boxSizing: 'border-box',
                border: hi ? '2px solid #000' : diff ? '2px dashed #262626' : '1px solid rgba(0,0,0,0.08)',
                outline: hi ? '2px solid #ffd666' : undefined,
                userSelect: 'none',
              }}
            >
              {small ? '' : p.pairNo}
            </div>
          );
        })}
      </div>
      {hover && (
        <div
          data-testid="pair-tooltip"
          style={{
            position: 'absolute',
            left: hover.x,
            top: hover.y - 8,
            transform: 'translate(-50%, -100%)',
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
          <div>
            <strong>{t('plant.pair.tip', { n: hover.p.pairNo, state: t(`plant.pair.states.${hover.p.state}`) })}</strong>
            {stateOf && stateOf(hover.p) !== hover.p.state && (
              <> → {t(`plant.pair.states.${stateOf(hover.p)}`)}</>
            )}
          </div>
          {hover.p.number && <div style={{ fontFamily: 'monospace' }}>{hover.p.number}</div>}
          {hover.p.customerId != null && (
            <div>
              {t('plant.pair.customer', { id: hover.p.customerId })}
              {hover.p.serviceCode ? ` · ${hover.p.serviceCode}` : ''}
            </div>
          )}
          {hover.p.note && <Typography.Text style={{ color: '#ffd666', fontSize: 12 }}>{hover.p.note}</Typography.Text>}
        </div>
      )}
    </div>
  );
}
