import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '../i18n/use-translation';
import { IconBack } from './icons';
import { afterPaint } from './when-idle';

interface PageProps {
  title: string;
  /** Where the back arrow leads; no arrow on top-level screens. */
  backTo?: string;
  actions?: ReactNode;
  children: ReactNode;
}

/** A screen: a header with its title, and the content. Focus moves to the title on arrival. */
export function Page({ title, backTo, actions, children }: PageProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
    // After the frame that shows the screen: focusing lays the page out at once, and here, among
    // the effects of the screen's own parts (a map sizing itself, a list), it would lay it out once
    // more in the same task (traced: a sixth of the map screen's longest task at 4x CPU). Unless
    // someone put focus elsewhere meanwhile.
    const focused = document.activeElement;
    return afterPaint(() => {
      if (document.activeElement === focused) heading.current?.focus({ preventScroll: true });
    });
  }, [title, t]);
  return (
    <>
      <header className="page-header">
        {backTo && (
          <Link to={backTo} className="icon-button" aria-label={t('actions.back')}>
            <IconBack />
          </Link>
        )}
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      <div className="page-body">{children}</div>
    </>
  );
}

/** In place of a record that is not on this phone (never was, or was deleted meanwhile). */
export function MissingRecordPage({ title, text, backTo }: { title: string; text: string; backTo: string }) {
  return (
    <Page title={title} backTo={backTo}>
      <p>{text}</p>
    </Page>
  );
}
