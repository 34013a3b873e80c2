import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { setUnauthorizedHandler } from './api/client';
import { meKey, useMe } from './api/hooks';
import { AppLayout } from './layout/AppLayout';
import { LiveOrders } from './features/orders/live';
import { LoginPage } from './features/auth/LoginPage';
import { OrgPage } from './features/org/OrgPage';
import { StaffPage } from './features/org/StaffPage';
import { AbsencesPage } from './features/org/AbsencesPage';
import { TokensPage } from './features/auth/TokensPage';
import { SessionsPage } from './features/auth/SessionsPage';
import { AuditPage } from './features/audit/AuditPage';
import { ErrorView } from './components/ErrorView';
import { OwnerPage } from './features/plant/OwnershipPanel';
import { CustomerPage } from './features/plant/CustomerPage';
import { PlantPage } from './features/plant/PlantPage';
import { BoxPage } from './features/plant/BoxPage';
import { OccupancyPage } from './features/plant/OccupancyPage';
import { ImportPage } from './features/plant/ImportPage';
import { OrdersHome, orderRoutes } from './features/orders/routes';
import { perfRoutes } from './features/kpi/routes';
import { payRoutes } from './features/pay/routes';
import type { Permission } from './api/types';

function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'meta' && q.queryKey[0] !== 'auth' });
      if (!window.location.pathname.startsWith('/login')) {
        navigate('/login', { replace: true, state: { from: window.location.pathname + window.location.search } });
      }
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, qc, location.key]);
  return null;
}

function RequireAuth({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function RequirePermission({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const me = useMe();
  if (!me.data?.permissions?.includes(permission)) return <ErrorView error={{ status: 403 }} />;
  return <>{children}</>;
}

export function App() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
  }, [zh]);
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={{ token: { colorPrimary: '#1456b8' } }} button={{ autoInsertSpace: false }}>
      <AntApp>
        <UnauthorizedRedirect />
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <LiveOrders>
                  <AppLayout />
                </LiveOrders>
              </RequireAuth>
            }
          >
            <Route index element={<OrdersHome otherwise="/org" />} />
            <Route path="/org" element={<OrgPage />} />
            <Route path="/org/units/:id" element={<OrgPage />} />
            <Route path="/staff" element={<StaffPage />} />
            <Route path="/staff/:id" element={<StaffPage />} />
            <Route path="/absences" element={<AbsencesPage />} />
            <Route
              path="/tokens"
              element={
                <RequirePermission permission="tokens.manage">
                  <TokensPage />
                </RequirePermission>
              }
            />
            <Route path="/sessions" element={<SessionsPage />} />
            <Route
              path="/audit"
              element={
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route path="/owner" element={<OwnerPage />} />
            <Route path="/customers/:id" element={<CustomerPage />} />
            <Route path="/plant" element={<PlantPage />} />
            <Route path="/boxes/:id" element={<BoxPage />} />
            <Route path="/occupancy" element={<OccupancyPage />} />
            <Route path="/imports" element={<ImportPage />} />
            {orderRoutes()}
            {perfRoutes()}
            {payRoutes()}
            <Route path="*" element={<ErrorView error={{ status: 404 }} />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
