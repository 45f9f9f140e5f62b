import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { pageRole, type PageRole } from './page-role';

// One chunk per role: the hall TV and the kiosk never download the desk's screens, and the reverse.
const apps: Record<PageRole, ReturnType<typeof lazy>> = {
  desk: lazy(() => import('./desk/DeskApp').then((m) => ({ default: m.DeskApp }))),
  kiosk: lazy(() => import('./kiosk/KioskApp').then((m) => ({ default: m.KioskApp }))),
  hall: lazy(() => import('./hall/HallApp').then((m) => ({ default: m.HallApp }))),
};
const App = apps[pageRole(window.location.search)];

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      <App />
    </Suspense>
  </StrictMode>,
);
