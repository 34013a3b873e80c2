// The pay screens' routes and menu entries: a manager gets "My pay" (their own statements only),
// heads and the centre get the runs; the hotline gets none (the server refuses it too).
import { TableOutlined, WalletOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { lazy } from 'react';
import { Route } from 'react-router-dom';
import type { Role } from '../../api/types';
import { Lazy } from '../kpi/routes';

const PayRunsPage = lazy(() => import('./PayRunsPage'));
const PayRunPage = lazy(() => import('./PayRunPage'));
const StatementPage = lazy(() => import('./StatementPage'));
const MyPayPage = lazy(() => import('./MyPayPage'));
const PayRatesPage = lazy(() => import('./PayRatesPage'));

export function payMenuItems(role: Role, t: TFunction) {
  if (role === 'hotline_agent') return [];
  if (role === 'area_manager')
    return [{ key: '/pay/my', icon: <WalletOutlined />, label: <span data-testid="nav-my-pay">{t('pay.nav.my')}</span> }];
  return [
    { key: '/pay', icon: <WalletOutlined />, label: <span data-testid="nav-pay">{t('pay.nav.runs')}</span> },
    { key: '/pay/rates', icon: <TableOutlined />, label: <span data-testid="nav-pay-rates">{t('pay.nav.rates')}</span> },
  ];
}

export function payRoutes() {
  return (
    <>
      <Route path="/pay" element={<Lazy><PayRunsPage /></Lazy>} />
      <Route path="/pay/rates" element={<Lazy><PayRatesPage /></Lazy>} />
      <Route path="/pay/my" element={<Lazy><MyPayPage /></Lazy>} />
      <Route path="/pay/runs/:id" element={<Lazy><PayRunPage /></Lazy>} />
      <Route path="/pay/runs/:id/statements/:managerId" element={<Lazy><StatementPage /></Lazy>} />
    </>
  );
}
