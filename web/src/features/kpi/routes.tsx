// The performance screens' routes and menu entries (dashboard, rankings, targets), lazy-loaded so
// ECharts and these pages load only when opened. Every role reads the figures of its own scope;
// the hotline has no dashboards.
import { AimOutlined, DashboardOutlined, LineChartOutlined, SlidersOutlined, TrophyOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import type { TFunction } from 'i18next';
import { Suspense, lazy } from 'react';
import { Route } from 'react-router-dom';
import type { Role } from '../../api/types';

const PerformancePage = lazy(() => import('./PerformancePage'));
const MyPerformancePage = lazy(() => import('./PerformancePage').then((m) => ({ default: m.MyPerformancePage })));
const RankingsPage = lazy(() => import('./RankingsPage'));
const TargetsPage = lazy(() => import('./TargetsPage'));
const ScorecardsPage = lazy(() => import('./ScorecardsPage'));

export function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />}>{children}</Suspense>;
}

const READERS: Role[] = ['administrator', 'centre_manager', 'office_head', 'community_head', 'area_manager', 'auditor'];

export function perfMenuItems(role: Role, t: TFunction) {
  if (!READERS.includes(role)) return [];
  return [
    ...(role === 'area_manager'
      ? [{ key: '/performance/my', icon: <LineChartOutlined />, label: <span data-testid="nav-my-performance">{t('perf.nav.my')}</span> }]
      : []),
    { key: '/performance', icon: <DashboardOutlined />, label: <span data-testid="nav-performance">{t('perf.nav.dashboard')}</span> },
    { key: '/performance/rankings', icon: <TrophyOutlined />, label: <span data-testid="nav-rankings">{t('perf.nav.rankings')}</span> },
    { key: '/performance/targets', icon: <AimOutlined />, label: <span data-testid="nav-targets">{t('perf.nav.targets')}</span> },
    ...(role === 'administrator' || role === 'centre_manager'
      ? [{ key: '/performance/scorecards', icon: <SlidersOutlined />, label: <span data-testid="nav-scorecards">{t('perf.nav.scorecards')}</span> }]
      : []),
  ];
}

/** Rendered inside <Routes>. */
export function perfRoutes() {
  return (
    <>
      <Route path="/performance" element={<Lazy><PerformancePage /></Lazy>} />
      <Route path="/performance/my" element={<Lazy><MyPerformancePage /></Lazy>} />
      <Route path="/performance/rankings" element={<Lazy><RankingsPage /></Lazy>} />
      <Route path="/performance/targets" element={<Lazy><TargetsPage /></Lazy>} />
      <Route path="/performance/scorecards" element={<Lazy><ScorecardsPage /></Lazy>} />
    </>
  );
}
