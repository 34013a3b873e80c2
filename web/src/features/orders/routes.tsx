// The work-order screens' routes and menu entries, so App.tsx and AppLayout.tsx each take one
// line: hotline agents raise orders and call back, area managers work their day, heads dispatch;
// administrators see every screen.
import { FileAddOutlined, PhoneOutlined, ProfileOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { Navigate, Route } from 'react-router-dom';
import { useMe } from '../../api/hooks';
import type { Role } from '../../api/types';
import { HotlinePage } from './HotlinePage';
import { OrderPage } from './OrderPage';
import { MyDayPage } from './MyDayPage';
import { BoardPage } from './BoardPage';
import { CallbackPage } from './CallbackPage';

type Screen = 'hotline' | 'my' | 'board' | 'callbacks';

const SCREENS: Record<Screen, { path: string; roles: Role[]; icon: React.ReactNode }> = {
  hotline: { path: '/orders/new', roles: ['hotline_agent'], icon: <FileAddOutlined /> },
  my: { path: '/orders/my', roles: ['area_manager'], icon: <ScheduleOutlined /> },
  board: { path: '/orders/board', roles: ['community_head', 'office_head', 'centre_manager'], icon: <ProfileOutlined /> },
  callbacks: { path: '/orders/callbacks', roles: ['hotline_agent'], icon: <PhoneOutlined /> },
};

const BUILT: Screen[] = ['hotline', 'my', 'board', 'callbacks'];

export function orderMenuItems(role: Role, t: TFunction) {
  return BUILT.filter((s) => role === 'administrator' || SCREENS[s].roles.includes(role)).map((s) => ({
    key: SCREENS[s].path,
    icon: SCREENS[s].icon,
    label: <span data-testid={`nav-orders-${s}`}>{t(`orders.nav.${s}`)}</span>,
  }));
}

/** Rendered inside <Routes> (a fragment of <Route>s). */
export function orderRoutes() {
  return (
    <>
      <Route path="/orders/new" element={<HotlinePage />} />
      <Route path="/orders/my" element={<MyDayPage />} />
      <Route path="/orders/board" element={<BoardPage />} />
      <Route path="/orders/callbacks" element={<CallbackPage />} />
      <Route path="/orders/:id" element={<OrderPage />} />
    </>
  );
}

/** Where "/" leads: a manager's day, the hotline's form; everyone else the given page. */
export function OrdersHome({ otherwise }: { otherwise: string }) {
  const role = useMe().data?.role;
  const to = role === 'area_manager' ? SCREENS.my.path : role === 'hotline_agent' ? SCREENS.hotline.path : otherwise;
  return <Navigate to={to} replace />;
}
