import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { IconAssets, IconLibrary, IconSettings, IconWorkshops } from '../ui/icons';
import { useCurrentCommunity } from '../ui/use-app-data';
import { UpdateBanner } from './update-banner';

// Screens reachable before a community is chosen: choosing one, and bringing in the list to choose from.
const OPEN_WITHOUT_COMMUNITY = ['/welcome', '/communities'];

export function Layout() {
  const { t } = useTranslation();
  const community = useCurrentCommunity();
  const { pathname } = useLocation();
  const online = useOnline();

  if (community === undefined) return null;
  if (community === null && !OPEN_WITHOUT_COMMUNITY.includes(pathname)) return <Navigate to="/welcome" replace />;

  const tabs = [
    { to: '/library', label: t('nav.library'), icon: <IconLibrary /> },
    { to: '/assets', label: t('nav.assets'), icon: <IconAssets /> },
    { to: '/workshops', label: t('nav.workshops'), icon: <IconWorkshops /> },
    { to: '/settings', label: t('nav.settings'), icon: <IconSettings /> },
  ];

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      {!online && (
        <p className="offline-strip" role="status">
          {t('offline')}
        </p>
      )}
      <UpdateBanner />
      <main id="main" className="main">
        <Outlet />
      </main>
      {community && (
        <nav className="bottom-nav" aria-label={t('nav.label')}>
          {tabs.map((tab) => (
            <NavLink key={tab.to} to={tab.to} className="nav-item">
              {tab.icon}
              <span>{tab.label}</span>
            </NavLink>
          ))}
        </nav>
      )}
    </div>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
