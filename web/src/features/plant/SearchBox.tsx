// The one search box in the header: phone, account, name, address fragment or box code
// (GET /search), results grouped by kind; a subscriber opens the subscriber page, a box the
// box page. Enter on a full phone number goes straight to who owns it (/owner?phone=).
import { AutoComplete, Input, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { SearchHit, SearchKind, SearchResult } from '../../api/types';

const ORDER: SearchKind[] = ['phone', 'account', 'name', 'address', 'box'];

/** A whole phone number: 7–8 digit local number, or with the area code / a mobile (11–12). */
export function isFullPhone(q: string): boolean {
  const d = q.replace(/[\s-]/g, '');
  return /^\d+$/.test(d) && (d.length === 7 || d.length === 8 || d.length === 11 || d.length === 12);
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

function target(h: SearchHit): string | null {
  if (h.kind === 'box' && h.distBoxId != null) return `/boxes/${h.distBoxId}`;
  if (h.customerId != null) return `/customers/${h.customerId}`;
  if (h.distBoxId != null) return `/boxes/${h.distBoxId}`;
  return null;
}

export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(text.trim(), 200);
  const picked = useRef(false);

  const search = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<SearchResult>('/search', { query: { q, type: 'auto', limit: 20 }, signal }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
    retry: false,
  });

  const hits = q.length >= 2 ? (search.data?.items ?? []) : [];
  const groups = ORDER.map((kind) => ({ kind, items: hits.filter((h) => h.kind === kind) })).filter((g) => g.items.length);
  const options = groups.map((g) => ({
    label: (
      <span data-testid={`search-group-${g.kind}`} style={{ fontWeight: 600 }}>
        {t(`plant.search.kinds.${g.kind}`)}
      </span>
    ),
    options: g.items.map((h, i) => ({
      value: `${g.kind}:${i}:${target(h) ?? ''}`,
      label: (
        <div data-testid={`search-hit-${g.kind}`} data-title={h.title} style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
          <span>{h.title}</span>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, maxWidth: 260 }}>
            {h.detail}
          </Typography.Text>
        </div>
      ),
    })),
  }));
  if (search.data?.more && hits.length)
    options.push({
      label: (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('plant.search.more')}
        </Typography.Text>
      ),
      options: [],
    });

  function go(path: string) {
    setText('');
    setOpen(false);
    navigate(path);
  }

  return (
    <div data-testid="global-search" style={{ width: 'min(440px, 40vw)' }}>
      <AutoComplete
        value={text}
        open={open && q.length >= 2}
        onDropdownVisibleChange={setOpen}
        options={options}
        defaultActiveFirstOption={false}
        popupMatchSelectWidth={440}
        notFoundContent={
          q.length >= 2 && !search.isFetching ? (
            <Typography.Text type="secondary" data-testid="search-none">
              {t('plant.search.none')}
            </Typography.Text>
          ) : null
        }
        onChange={(v) => {
          setText(v);
          setOpen(true);
        }}
        onSelect={(v: string) => {
          picked.current = true;
          const path = v.split(':').slice(2).join(':');
          if (path) go(path);
        }}
        style={{ width: '100%' }}
      >
        <Input
          data-testid="global-search-input"
          prefix={<SearchOutlined style={{ color: '#999' }} />}
          placeholder={t('plant.search.placeholder')}
          title={t('plant.search.hint')}
          allowClear
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            picked.current = false;
            const value = text.trim();
            // Let a highlighted option win: the select handles Enter first.
            setTimeout(() => {
              if (picked.current) return;
              if (isFullPhone(value)) go(`/owner?phone=${encodeURIComponent(value.replace(/[\s-]/g, ''))}`);
            }, 0);
          }}
        />
      </AutoComplete>
    </div>
  );
}
