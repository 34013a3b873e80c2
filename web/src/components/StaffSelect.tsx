// A staff picker that searches the server (GET /staff?q=&role=&unitId=) as the user types.
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Role, Staff } from '../api/types';

interface Props {
  value?: number | null;
  onChange?: (v: number | null) => void;
  role?: Role;
  unitId?: number;
  placeholder?: string;
  allowClear?: boolean;
  'data-testid'?: string;
  style?: React.CSSProperties;
}

export function StaffSelect({ value, onChange, role, unitId, placeholder, allowClear, style, ...rest }: Props) {
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['staff', 'select', role, unitId, q],
    queryFn: () => api.list<Staff>('/staff', { query: { q, role, unitId, status: 'active', limit: 50 } }),
    staleTime: 30_000,
  });
  const items = list.data?.items ?? [];
  const current = useQuery({
    queryKey: ['staff', value],
    queryFn: () => api.get<Staff>(`/staff/${value}`),
    enabled: value != null && !items.some((s) => s.id === value),
    staleTime: 30_000,
  });
  const all = [...items];
  if (current.data && !all.some((s) => s.id === current.data!.id)) all.unshift(current.data);
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
      options={all.map((s) => ({ value: s.id, label: `${s.name} (${s.username})` }))}
    />
  );
}

/** Shows a staff member's name given an id (cached per id). */
export function StaffName({ id }: { id: number | null | undefined }) {
  const q = useQuery({
    queryKey: ['staff', id],
    queryFn: () => api.get<Staff>(`/staff/${id}`),
    enabled: id != null,
    staleTime: 60_000,
    retry: false,
  });
  if (id == null) return <>—</>;
  return <>{q.data ? `${q.data.name} (${q.data.username})` : `#${id}`}</>;
}
