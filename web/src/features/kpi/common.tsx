// Pieces shared by the performance screens: the period in the URL, a rate shown the way its
// catalogue entry says (per cent, per 10,000 / per 100, or a mean score).
import { DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { useTranslation } from 'react-i18next';
import { fmtNumber, fmtShare } from '../../components/money';
import type { KpiPeriodKind, KpiRatio, RateShow } from './types';
import { PERIODS, RATES } from './types';

dayjs.extend(quarterOfYear);

export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}

export function isPeriod(v: string | null): v is KpiPeriodKind {
  return !!v && (PERIODS as string[]).includes(v);
}

/** How a rate is shown: 87.3% / 12.50 (per 10,000) / 4.32 (mean score). */
export function rateText(key: string, r: KpiRatio | undefined, lang: string): string {
  if (!r || r.value == null) return '—';
  const show: RateShow = RATES.find((x) => x.key === key)?.show ?? 'percent';
  if (show === 'percent') return fmtShare(r.value, lang);
  return fmtNumber(r.value, lang, 2);
}

/** The number plotted for a rate (per cent as 0–100, so the axis reads like the cards). */
export function ratePlot(key: string, r: KpiRatio | undefined): number | null {
  if (!r || r.value == null) return null;
  const show: RateShow = RATES.find((x) => x.key === key)?.show ?? 'percent';
  return show === 'percent' ? Math.round(r.value * 10000) / 100 : Math.round(r.value * 100) / 100;
}

export function rateShow(key: string): RateShow {
  return RATES.find((x) => x.key === key)?.show ?? 'percent';
}

/** Day / month / quarter / year and a date inside it. */
export function PeriodPicker({
  period,
  at,
  onChange,
  periods = PERIODS,
}: {
  period: KpiPeriodKind;
  at: string;
  onChange: (period: KpiPeriodKind, at: string) => void;
  periods?: KpiPeriodKind[];
}) {
  const { t } = useTranslation();
  const picker = period === 'day' ? 'date' : period;
  return (
    <Space wrap>
      <Segmented
        data-testid="period"
        value={period}
        onChange={(v) => onChange(v as KpiPeriodKind, at)}
        options={periods.map((p) => ({ value: p, label: <span data-testid={`period-${p}`}>{t(`perf.period.${p}`)}</span> }))}
      />
      <DatePicker
        data-testid="period-at"
        picker={picker}
        allowClear={false}
        value={dayjs(at)}
        disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        onChange={(d) => d && onChange(period, d.format('YYYY-MM-DD'))}
      />
    </Space>
  );
}
