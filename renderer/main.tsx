import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { pageRole, type PageRole } from './page-role';
import { api } from './api/client';
import { setBranchTimeZone } from './format/time';

// One chunk per role: the hall TV and the kiosk never download the desk's screens, and the reverse.
const apps: Record<PageRole, ReturnType<typeof lazy>> = {
  desk: lazy(() => import('./desk/DeskApp').then((m) => ({ default: m.DeskApp }))),
  kiosk: lazy(() => import('./kiosk/KioskApp').then((m) => ({ default: m.KioskApp }))),
  hall: lazy(() => import('./hall/HallApp').then((m) => ({ default: m.HallApp }))),
  tablet: lazy(() => import('./tablet/TabletApp').then((m) => ({ default: m.TabletApp }))),
};
const App = apps[pageRole(window.location.search)];

// The branch's time zone first, so no screen ever paints a time in the PC's zone; without an answer the default
// (Asia/Shanghai) stands.
void api
  .call('system.info', {})
  .then((i) => setBranchTimeZone(i.timeZone), () => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <Suspense fallback={null}>
          <App />
        </Suspense>
      </StrictMode>,
    ),
  );
