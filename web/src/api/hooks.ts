// Shared queries: who am I, enum labels.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './client';
import type { Enums, Me, Permission } from './types';

export const meKey = ['auth', 'me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: () => api.get<Me>('/auth/me', { quiet401: true }),
    retry: false,
    staleTime: 60_000,
  });
}

export function useCan(permission: Permission): boolean {
  const { data } = useMe();
  return !!data?.permissions?.includes(permission);
}

export function useEnums() {
  return useQuery({
    queryKey: ['meta', 'enums'],
    queryFn: () => api.get<Enums>('/meta/enums'),
    staleTime: Infinity,
    retry: 1,
  });
}

export type EnumType = 'unitKind' | 'role' | 'absenceReason';
const FALLBACK_PREFIX: Record<EnumType, string> = { unitKind: 'kind', role: 'role', absenceReason: 'reason' };

/** Label of an enum value in the current language: the server's labels, else the console's own. */
export function useEnumLabel() {
  const { t, i18n } = useTranslation();
  const { data } = useEnums();
  const zh = i18n.language.startsWith('zh');
  return (type: EnumType, value: string | null | undefined): string => {
    if (!value) return '';
    const item = data?.[type]?.find((e) => e.value === value);
    if (item) return (zh ? item.zh : item.en) || value;
    return t(`${FALLBACK_PREFIX[type]}.${value}`, { defaultValue: value });
  };
}
