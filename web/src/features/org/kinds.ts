import type { UnitKind } from '../../api/types';
import { UNIT_KINDS } from '../../api/types';

export function parentKind(kind: UnitKind): UnitKind | null {
  const i = UNIT_KINDS.indexOf(kind);
  return i > 0 ? UNIT_KINDS[i - 1] : null;
}

export function childKind(kind: UnitKind): UnitKind | null {
  const i = UNIT_KINDS.indexOf(kind);
  return i >= 0 && i < UNIT_KINDS.length - 1 ? UNIT_KINDS[i + 1] : null;
}

export const KIND_COLOR: Record<UnitKind, string> = {
  province: 'magenta',
  local_network: 'purple',
  centre: 'geekblue',
  office: 'blue',
  community: 'cyan',
  area: 'green',
};

export const KIND_DOT: Record<UnitKind, string> = {
  province: '#c41d7f',
  local_network: '#531dab',
  centre: '#1d39c4',
  office: '#1677ff',
  community: '#08979c',
  area: '#52c41a',
};
