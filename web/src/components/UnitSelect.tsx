// A unit picker that searches the server (GET /units?q=&kind=) as the user types.
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Unit, UnitKind } from '../api/types';
import { useEnumLabel } from '../api/hooks';

interface Props {
  value?: number | null;
  onChange?: (v: number | null) => void;
  kind?: UnitKind | UnitKind[];
  excludeId?: number;
  placeholder?: string;
  allowClear?: boolean;
  'data-testid'?: string;
  style?: React.CSSProperties;
}

export function UnitSelect({ value, onChange, kind, excludeId, placeholder, allowClear, style, ...rest }: Props) {
  const [q, setQ] = useState('');
  const label = useEnumLabel();
  const kinds = Array.isArray(kind) ? kind : kind ? [kind] : [undefined];
  const list = useQuery({
    queryKey: ['units', 'select', kinds, q],
    queryFn: async () => {
      const lists = await Promise.all(
        kinds.map((k) => api.list<Unit>('/units', { query: { q, kind: k, limit: 50, status: 'active' } })),
      );
      return lists.flatMap((l) => l.items);
    },
    staleTime: 30_000,
  });
  const current = useQuery({
    queryKey: ['unit', value],
    queryFn: () => api.get<Unit>(`/units/${value}`),
    enabled: value != null && !(list.data ?? []).some((u) => u.id === value),
    staleTime: 30_000,
  });
  const units = [...(list.data ?? [])];
  if (current.data && !units.some((u) => u.id === current.data!.id)) units.unshift(current.data);
  return (
    <Select
      data-testid={rest['data-testid']}
      style={style ?? { width: '100%' }}
      showSearch
      allowClear={allowClear}
      filterOption={false}
      onSearch={setQ}
      loading={list.isFetching}
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={units
        .filter((u) => u.id !== excludeId)
        .map((u) => ({ value: u.id, label: `${u.name} (${u.code}) · ${label('unitKind', u.kind)}` }))}
    />
  );
}
