import { useTranslation } from '../i18n/use-translation';
import { Link } from 'react-router';
import { Page } from '../ui/page';

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/library">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}
