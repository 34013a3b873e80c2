// The organisation tree from the caller's scope root (GET /units/tree).
import { Card, Empty, Input, Space, Spin, Switch, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { TreeNode } from '../../api/types';
import { UNIT_KINDS } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { useEnumLabel } from '../../api/hooks';
import { KIND_DOT } from './kinds';

const OPEN_KINDS = new Set(['province', 'local_network', 'centre']);

function roots(data: TreeNode | TreeNode[] | undefined): TreeNode[] {
  if (!data) return [];
  return Array.isArray(data) ? data : [data];
}

function ancestorsOf(nodes: TreeNode[], id: number, trail: number[] = []): number[] | null {
  for (const n of nodes) {
    if (n.id === id) return trail;
    const found = ancestorsOf(n.children ?? [], id, [...trail, n.id]);
    if (found) return found;
  }
  return null;
}

export function useUnitTree(includeRetired: boolean) {
  return useQuery({
    queryKey: ['units', 'tree', includeRetired],
    queryFn: () => api.get<TreeNode | TreeNode[]>('/units/tree', { query: { includeRetired: includeRetired || undefined } }),
    staleTime: 30_000,
  });
}

export function OrgTree({ selectedId, onSelect }: { selectedId: number | null; onSelect: (id: number) => void }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const [includeRetired, setIncludeRetired] = useState(false);
  const [filter, setFilter] = useState('');
  const tree = useUnitTree(includeRetired);
  const top = useMemo(() => roots(tree.data), [tree.data]);
  const [expanded, setExpanded] = useState<React.Key[]>([]);
  const [initialised, setInitialised] = useState(false);

  // First load: open the upper levels (and the scope root, whatever it is).
  useEffect(() => {
    if (initialised || !top.length) return;
    const keys: number[] = [];
    const walk = (n: TreeNode, depth: number) => {
      if (depth === 0 || OPEN_KINDS.has(n.kind)) keys.push(n.id);
      (n.children ?? []).forEach((c) => walk(c, depth + 1));
    };
    top.forEach((n) => walk(n, 0));
    setExpanded(keys);
    setInitialised(true);
  }, [top, initialised]);

  // A unit chosen elsewhere (URL, link) gets its ancestors opened.
  useEffect(() => {
    if (selectedId == null || !top.length) return;
    const anc = ancestorsOf(top, selectedId);
    if (anc && anc.length) setExpanded((prev) => Array.from(new Set([...prev, ...anc])));
  }, [selectedId, top]);

  const f = filter.trim().toLowerCase();
  const { data, filterKeys } = useMemo(() => {
    const keys: number[] = [];
    const toNode = (n: TreeNode): TreeDataNode | null => {
      const kids = (n.children ?? []).map(toNode).filter(Boolean) as TreeDataNode[];
      const match = !f || n.name.toLowerCase().includes(f) || n.code.toLowerCase().includes(f);
      if (!match && !kids.length) return null;
      if (f && kids.length) keys.push(n.id);
      return {
        key: n.id,
        title: (
          <span data-testid={`tree-node-${n.code}`} data-kind={n.kind} data-status={n.status} title={label('unitKind', n.kind)}>
            <span className="bc-kind-dot" style={{ background: KIND_DOT[n.kind] }} />
            <span style={{ textDecoration: n.status === 'retired' ? 'line-through' : undefined }}>{n.name}</span>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {n.code}
            </Typography.Text>
            {n.status === 'retired' && (
              <Tag style={{ fontSize: 11, lineHeight: '16px', marginInlineStart: 4 }}>{t('common.retired')}</Tag>
            )}
          </span>
        ),
        children: kids.length ? kids : undefined,
        isLeaf: !(n.children ?? []).length,
      };
    };
    const nodes = top.map(toNode).filter(Boolean) as TreeDataNode[];
    return { data: nodes, filterKeys: keys };
  }, [top, f, label, t]);

  return (
    <Card
      title={t('org.tree')}
      size="small"
      extra={
        <Space size={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('org.showRetired')}
          </Typography.Text>
          <Switch size="small" checked={includeRetired} onChange={setIncludeRetired} data-testid="tree-show-retired" />
        </Space>
      }
      styles={{ body: { padding: 8 } }}
    >
      <div data-testid="tree-filter" style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder={t('org.filter')} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {tree.isPending ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : tree.error ? (
        <ErrorView error={tree.error} onRetry={() => void tree.refetch()} />
      ) : !data.length ? (
        <Empty />
      ) : (
        <div data-testid="org-tree" style={{ maxHeight: 'calc(100vh - 230px)', overflow: 'auto' }}>
          <Tree
            blockNode
            showLine={{ showLeafIcon: false }}
            treeData={data}
            expandedKeys={f ? Array.from(new Set([...expanded, ...filterKeys])) : expanded}
            onExpand={(keys) => setExpanded(keys)}
            selectedKeys={selectedId != null ? [selectedId] : []}
            onSelect={(keys) => {
              if (keys.length) onSelect(Number(keys[0]));
            }}
          />
        </div>
      )}
      {!!data.length && (
        <Space size={[12, 4]} wrap style={{ marginTop: 8, paddingTop: 8, borderTop: '1px solid #f0f0f0', fontSize: 12 }}>
          {UNIT_KINDS.map((k) => (
            <span key={k} style={{ color: '#888' }}>
              <span className="bc-kind-dot" style={{ background: KIND_DOT[k] }} />
              {label('unitKind', k)}
            </span>
          ))}
        </Space>
      )}
    </Card>
  );
}
