import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemText } from './problem';

/** What a page shows when its main object cannot be read: 404 (or outside scope), 403, other. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : ((error as { status?: number } | null)?.status ?? 0);
  if (status === 404)
    return (
      <div data-testid="not-found">
        <Result status="404" title={t('common.notFound')} subTitle={t('common.notFoundDetail')} />
      </div>
    );
  if (status === 403)
    return (
      <div data-testid="forbidden">
        <Result status="403" title={t('common.forbidden')} subTitle={t('common.forbiddenDetail')} />
      </div>
    );
  return (
    <div data-testid="error-view">
      <Result
        status="error"
        title={t('common.error')}
        subTitle={problemText(error, t)}
        extra={onRetry ? <Button onClick={onRetry}>{t('common.reload')}</Button> : undefined}
      />
    </div>
  );
}
