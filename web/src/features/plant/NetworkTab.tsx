// The box page's "cables & drop lines" tab item (rendered only while it is open).
import type { BoxPairs, DistBox } from '../../api/types';
import { BoxNetworkPanel } from './NetworkPanels';

export function NetworkPanelTab({ box, pairs, label, active }: { box: DistBox; pairs?: BoxPairs; label: string; active: boolean }) {
  return {
    key: 'network',
    label: <span data-testid="tab-network">{label}</span>,
    children: active ? <BoxNetworkPanel box={box} pairs={pairs} /> : null,
  };
}
