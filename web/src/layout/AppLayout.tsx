import { Alert, App, Button, Dropdown, Form, Input, Layout, Menu, Modal, Space, Typography } from 'antd';
import {
  ApartmentOutlined,
  AimOutlined,
  BarChartOutlined,
  ClusterOutlined,
  CloudUploadOutlined,
  AuditOutlined,
  CalendarOutlined,
  DesktopOutlined,
  KeyOutlined,
  LogoutOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { meKey, useEnumLabel, useMe } from '../api/hooks';
import { LangSwitch } from './LangSwitch';
import { showProblem } from '../components/problem';
import { SearchBox } from '../features/plant/SearchBox';
import { EXPORTERS, IMPORTERS } from '../features/plant/common';
import { orderMenuItems } from '../features/orders/routes';
import { perfMenuItems } from '../features/kpi/routes';
import { payMenuItems } from '../features/pay/routes';
import { LiveIndicator } from '../features/orders/live';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const label = useEnumLabel();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const [pwOpen, setPwOpen] = useState(false);
  const perms = me.permissions ?? [];

  const items = [
    ...orderMenuItems(me.role, t),
    ...perfMenuItems(me.role, t),
    ...payMenuItems(me.role, t),
    { key: '/org', icon: <ApartmentOutlined />, label: <span data-testid="nav-org">{t('nav.org')}</span> },
    { key: '/owner', icon: <AimOutlined />, label: <span data-testid="nav-owner">{t('plant.nav.owner')}</span> },
    { key: '/plant', icon: <ClusterOutlined />, label: <span data-testid="nav-plant">{t('plant.nav.plant')}</span> },
    { key: '/occupancy', icon: <BarChartOutlined />, label: <span data-testid="nav-occupancy">{t('plant.nav.occupancy')}</span> },
    (IMPORTERS.includes(me.role) || EXPORTERS.includes(me.role)) && {
      key: '/imports',
      icon: <CloudUploadOutlined />,
      label: <span data-testid="nav-imports">{t('plant.nav.imports')}</span>,
    },
    { key: '/staff', icon: <TeamOutlined />, label: <span data-testid="nav-staff">{t('nav.staff')}</span> },
    { key: '/absences', icon: <CalendarOutlined />, label: <span data-testid="nav-absences">{t('nav.absences')}</span> },
    perms.includes('tokens.manage') && {
      key: '/tokens',
      icon: <KeyOutlined />,
      label: <span data-testid="nav-tokens">{t('nav.tokens')}</span>,
    },
    { key: '/sessions', icon: <DesktopOutlined />, label: <span data-testid="nav-sessions">{t('nav.sessions')}</span> },
    perms.includes('audit.read') && {
      key: '/audit',
      icon: <AuditOutlined />,
      label: <span data-testid="nav-audit">{t('nav.audit')}</span>,
    },
  ].filter(Boolean) as { key: string; icon: React.ReactNode; label: React.ReactNode }[];
  const section: Record<string, string> = { '/customers': '/owner', '/boxes': '/plant' };
  const path = Object.entries(section).find(([k]) => location.pathname.startsWith(k))?.[1] ?? location.pathname;
  // The longest matching entry: /performance/rankings, not /performance.
  const selected =
    items.filter((i) => path.startsWith(i.key)).sort((a, b) => b.key.length - a.key.length)[0]?.key ?? '/org';

  async function logout() {
    try {
      await api.post('/auth/logout', undefined, { quiet401: true });
    } catch {
      /* the session may already be gone */
    }
    qc.setQueryData(meKey, null);
    qc.clear();
    navigate('/login', { replace: true });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={208} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#1456b8' }} data-testid="app-title">
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.subtitle')}
          </Typography.Text>
        </div>
        <Menu
          data-testid="side-menu"
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          onClick={(e) => navigate(e.key)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            gap: 16,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <SearchBox />
          <Space size="middle">
            <LiveIndicator />
            <Typography.Text type="secondary" data-testid="scope">
              {t('me.scope')}: {me.scopeUnitName}
            </Typography.Text>
            <LangSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'pw', icon: <KeyOutlined />, label: t('nav.changePassword'), onClick: () => setPwOpen(true) },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: <span data-testid="logout">{t('nav.logout')}</span>,
                    onClick: () => void logout(),
                  },
                ],
              }}
            >
              <Button icon={<UserOutlined />} data-testid="user-menu">
                {me.name === label('role', me.role) ? me.name : `${me.name} · ${label('role', me.role)}`}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {me.mustChangePassword && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('me.mustChange')}
              action={<Button onClick={() => setPwOpen(true)}>{t('nav.changePassword')}</Button>}
            />
          )}
          <Outlet />
        </Layout.Content>
      </Layout>
      <ChangePassword open={pwOpen} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}

function ChangePassword({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function submit(v: { currentPassword: string; newPassword: string }) {
    setBusy(true);
    try {
      await api.post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      void message.success(t('me.changed'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: meKey });
      onClose();
    } catch (e) {
      showProblem(e, t, message, form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={open}
      title={t('nav.changePassword')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnClose
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="currentPassword" label={t('me.currentPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('me.newPassword')}
          rules={[{ required: true, min: 10, message: t('me.newPassword') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('me.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('me.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
