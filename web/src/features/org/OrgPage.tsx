import { Col, Empty, Card, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import { useNavigate, useParams } from 'react-router-dom';
import { OrgTree } from './OrgTree';
import { UnitPanel } from './UnitPanel';

export function OrgPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const me = useMe().data;
  // Without a unit in the address, show the root of the caller's scope.
  const selected = id == null ? (me?.scopeUnitId ?? null) : /^\d+$/.test(id) ? Number(id) : null;
  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
      <Col flex="380px" style={{ minWidth: 300 }}>
        <OrgTree selectedId={selected} onSelect={(u) => navigate(`/org/units/${u}`)} />
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {id != null || selected != null ? (
          <UnitPanel key={id ?? 'root'} id={selected ?? -1} />
        ) : (
          <Card>
            <Empty description={t('org.selectHint')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
