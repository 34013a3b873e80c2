import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { meKey, useMe } from '../../api/hooks';
import type { LoginResponse } from '../../api/types';
import { LangSwitch } from '../../layout/LangSwitch';
import { problemText } from '../../components/problem';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const me = useMe();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  const target = from && from.startsWith('/') && !from.startsWith('/login') ? from : '/'; // "/" picks the role's start page (App.tsx)

  if (me.data) return <Navigate to={target} replace />;

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<LoginResponse>('/auth/login', { username: v.username.trim(), password: v.password }, { quiet401: true });
      qc.clear();
      // /auth/me carries the permissions; the login answer has the same Me.
      if (r?.user) qc.setQueryData(meKey, r.user);
      await qc.invalidateQueries({ queryKey: meKey });
      navigate(target, { replace: true });
    } catch (e) {
      let text = problemText(e, t);
      if (e instanceof ApiError && e.retryAfter != null && !text.includes(String(e.retryAfter))) {
        text = `${text} ${t('login.retryAfter', { seconds: e.retryAfter })}`;
      }
      setError(text);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #e6f0ff 0%, #f5f8ff 60%, #ffffff 100%)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: 380, boxShadow: '0 6px 24px rgba(20,86,184,0.12)' }} data-testid="login-card">
        <Typography.Title level={3} style={{ marginBottom: 0, color: '#1456b8' }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('login.title')}
        </Typography.Title>
        {error && (
          <Alert
            data-testid="login-error"
            type="error"
            showIcon
            message={t('login.failed')}
            description={error}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
