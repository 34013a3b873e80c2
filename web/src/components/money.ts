// Money and figures in the reader's language: integer fen shown as yuan (¥1,234.56), counts
// with grouping, ratios as per cent. Formatting only — every sum is done by the server in fen.
import { useTranslation } from 'react-i18next';

function locale(lang: string) {
  return lang.startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function fmtFen(fen: number | null | undefined, lang: string): string {
  if (fen == null) return '—';
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol' }).format(fen / 100);
}

export function fmtNumber(n: number | null | undefined, lang: string, digits = 0): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** A share 0–1 as "87.3%". */
export function fmtShare(v: number | null | undefined, lang: string): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(locale(lang), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}

/** The formatters bound to the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    fen: (v: number | null | undefined) => fmtFen(v, lang),
    num: (v: number | null | undefined, digits = 0) => fmtNumber(v, lang, digits),
    share: (v: number | null | undefined) => fmtShare(v, lang),
  };
}
