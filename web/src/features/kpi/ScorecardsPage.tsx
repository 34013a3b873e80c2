// 考核权重 — the scorecard of each role: the weight of each term in per cent (adding up to 100) and
// the complaint ceiling. Administrators and centre managers save with If-Match ("0" while the role
// still has the built-in default); a stale save says so and reloads. The API's field errors
// (weights.<term>, weights, complaintCeiling) land on their fields.
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api, request } from '../../api/client';
import { useEnumLabel, useMe } from '../../api/hooks';
import type { Role } from '../../api/types';
import { ErrorView } from '../../components/ErrorView';
import { fmtTime } from '../../components/format';
import { problemText } from '../../components/problem';
import { perfKey } from './api';
import type { Scorecard } from './types';
import { TERMS } from './types';

export const SCORECARD_EDITORS: Role[] = ['administrator', 'centre_manager'];
const ROLES: Role[] = ['area_manager', 'community_head', 'office_head', 'centre_manager', 'administrator', 'hotline_agent', 'auditor'];

interface Values {
  weights: Record<string, number | null>;
  complaintCeiling: number | null;
}

export default function ScorecardsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useEnumLabel();
  const me = useMe().data!;
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const role = (ROLES as string[]).includes(params.get('role') ?? '') ? (params.get('role') as Role) : 'area_manager';
  const canEdit = SCORECARD_EDITORS.includes(me.role);
  const key = [...perfKey, 'scorecard', role];
  const card = useQuery({ queryKey: key, queryFn: () => api.get<Scorecard>(`/scorecards/${role}`), retry: false });
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [sumError, setSumError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const weights = Form.useWatch('weights', form) ?? {};
  const sum = TERMS.reduce((n, term) => n + (weights[term] ?? 0), 0);

  useEffect(() => {
    if (!card.data) return;
    form.resetFields();
    form.setFieldsValue({
      weights: Object.fromEntries(TERMS.map((term) => [term, card.data!.weights[term] ?? 0])),
      complaintCeiling: card.data.complaintCeiling,
    });
  }, [card.data, form]);

  async function save(v: Values) {
    if (!card.data) return;
    setBusy(true);
    setSumError(null);
    setConflict(false);
    try {
      const body = {
        weights: Object.fromEntries(TERMS.filter((term) => (v.weights[term] ?? 0) > 0).map((term) => [term, v.weights[term]])),
        ...(v.complaintCeiling != null ? { complaintCeiling: v.complaintCeiling } : {}),
      };
      const r = await request<Scorecard>('PUT', `/scorecards/${role}`, { body, version: card.data.version });
      qc.setQueryData(key, r.data);
      void message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: [...perfKey, 'ranking'] });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setConflict(true);
        await card.refetch();
      } else if (e instanceof ApiError && e.problem.errors?.length) {
        const errors = e.problem.errors;
        form.setFields(
          errors
            .filter((x) => x.field.startsWith('weights.') || x.field === 'complaintCeiling')
            .map((x) => ({ name: x.field === 'complaintCeiling' ? 'complaintCeiling' : ['weights', x.field.slice(8)], errors: [x.reason] })),
        );
        const whole = errors.find((x) => x.field === 'weights');
        if (whole) setSumError(whole.reason);
      } else {
        void message.error(problemText(e, t));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      data-testid="scorecards-page"
      data-role={card.data?.role ?? ''}
      title={t('perf.scorecards.title')}
      extra={
        card.data && (
          <Space>
            {card.data.builtIn ? <Tag data-testid="scorecard-builtin">{t('perf.scorecards.builtIn')}</Tag> : null}
            <Typography.Text type="secondary" data-testid="scorecard-version">
              {t('common.version')} {card.data.version}
              {card.data.updatedAt ? ` · ${fmtTime(card.data.updatedAt)}` : ''}
            </Typography.Text>
          </Space>
        )
      }
    >
      <Segmented
        data-testid="scorecard-role"
        style={{ marginBottom: 16 }}
        value={role}
        onChange={(v) => {
          setParams({ role: String(v) }, { replace: true });
          setConflict(false);
          setSumError(null);
        }}
        options={ROLES.map((r) => ({ value: r, label: <span data-testid={`scorecard-role-${r}`}>{label('role', r)}</span> }))}
      />
      {card.error ? (
        <ErrorView error={card.error} />
      ) : (
        <>
          {conflict && <Alert data-testid="scorecard-conflict" type="warning" showIcon style={{ marginBottom: 16 }} message={t('perf.scorecards.conflict')} />}
          <Form form={form} layout="vertical" onFinish={save} disabled={!canEdit} key={role}>
            <Row gutter={16}>
              {TERMS.map((term) => (
                <Col key={term} xs={12} md={8} xl={6}>
                  <Form.Item name={['weights', term]} label={t(`perf.term.${term}`)}>
                    <InputNumber data-testid={`weight-${term}`} min={0} max={100} precision={0} addonAfter="%" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={12} md={8} xl={6}>
                <Form.Item name="complaintCeiling" label={t('perf.scorecards.ceiling')} tooltip={t('perf.scorecards.ceilingHint')}>
                  <InputNumber data-testid="scorecard-ceiling" min={1} max={10000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Space align="center">
              <Typography.Text data-testid="weights-sum" type={sum === 100 ? 'success' : 'danger'}>
                {t('perf.scorecards.sum', { sum })}
              </Typography.Text>
              {sumError && (
                <Typography.Text type="danger" data-testid="weights-error">
                  {sumError}
                </Typography.Text>
              )}
              {canEdit && (
                <Button type="primary" htmlType="submit" loading={busy} data-testid="scorecard-save">
                  {t('common.save')}
                </Button>
              )}
            </Space>
            {!canEdit && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('perf.scorecards.readOnly')}
              </Typography.Paragraph>
            )}
          </Form>
        </>
      )}
    </Card>
  );
}
