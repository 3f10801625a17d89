import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/use-translation';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { db } from '../db/instance';
import { readCurrentCommunityId } from '../db/settings';
import { IconAssets, IconLibrary, IconSettings, IconWorkshops } from '../ui/icons';
import { useCurrentCommunity } from '../ui/use-app-data';
import { usePracticeCount } from '../ui/use-practice-news';
import { ClockWarning } from './clock-warning';
import { OfflineStatus } from './offline-status';
import { RestoredNotice } from './restored-notice';
import { UpdateBanner } from './update-banner';
import { watchReachability } from '../sync/reachability';
import { requestSync } from '../sync/instance';
import { syncStatus } from '../sync/scheduler';
import { useStore } from 'zustand';
import { OPEN_WITHOUT_COMMUNITY } from '../core/start-address';
import { revealApp } from '../ui/snapshot-handover';

export function Layout() {
  const { t } = useTranslation();
  const community = useCurrentCommunity();
  const { pathname } = useLocation();
  const online = useOnline();
  const navigate = useNavigate();
  const mustChoose = community === null && !OPEN_WITHOUT_COMMUNITY.includes(pathname);

  useEffect(() => {
    if (!mustChoose) return;
    // The live query may lag a moment behind a community just chosen: ask the database itself.
    void readCurrentCommunityId(db).then((id) => {
      if (!id) void navigate('/welcome', { replace: true });
    });
  }, [mustChoose, navigate]);

  // The start snapshot shows the library, or a first visit's welcome: a start that lands elsewhere
  // (a tap on the snapshot) shows the app at once; those two screens do once they are drawn.
  useEffect(() => {
    if (pathname !== '/library' && pathname !== '/welcome') revealApp();
  }, [pathname]);

  const practiceCount = usePracticeCount();
  if (community === undefined || mustChoose) return null;

  const tabs = [
    { to: '/library', label: t('nav.library'), icon: <IconLibrary />, count: practiceCount },
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
        <p className="offline-strip" role="status" data-no-snapshot="">
          {t('offline')}
        </p>
      )}
      <OfflineStatus />
      <UpdateBanner />
      <ClockWarning />
      <RestoredNotice />
      <main id="main" className="main">
        <Outlet />
      </main>
      {community && (
        <nav className="bottom-nav" aria-label={t('nav.label')}>
          {tabs.map((tab) => (
            <NavLink key={tab.to} to={tab.to} className="nav-item">
              <span className="nav-icon">
                {tab.icon}
                {tab.count ? (
                  <span className="nav-count" aria-hidden="true">
                    {tab.count > 99 ? '99+' : tab.count}
                  </span>
                ) : null}
              </span>
              <span>{tab.label}</span>
              {tab.count ? <span className="visually-hidden">{t('nav.practiceCount', { count: tab.count })}</span> : null}
            </NavLink>
          ))}
        </nav>
      )}
    </div>
  );
}

/**
 * Whether to tell the person they are offline: the browser has no network, the server cannot be
 * reached, or the last sync attempt could not reach it.
 */
function useOnline(): boolean {
  const [reachable, setReachable] = useState(() => navigator.onLine);
  const syncState = useStore(syncStatus, (status) => status.state);
  useEffect(() => {
    let wasReachable: boolean | null = null;
    return watchReachability((ok) => {
      setReachable(ok);
      // The way out came back without the browser noticing a network change: sync now rather than
      // at the end of the back-off.
      if (ok && wasReachable === false) requestSync();
      wasReachable = ok;
    });
  }, []);
  return reachable && syncState !== 'offline';
}
