import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** Toggles zh-CN ↔ English; the button names the language it switches to. */
export function LangSwitch() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  return (
    <Button
      data-testid="lang-switch"
      data-lang={zh ? 'zh-CN' : 'en'}
      icon={<GlobalOutlined />}
      onClick={() => setLanguage(zh ? 'en' : 'zh-CN')}
      aria-label={zh ? 'Switch to English' : '切换到中文'}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
