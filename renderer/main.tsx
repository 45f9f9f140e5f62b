import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { pageRole } from './page-role';
import { DeskApp } from './desk/DeskApp';
import { KioskApp } from './kiosk/KioskApp';
import { HallApp } from './hall/HallApp';

const apps: Record<ReturnType<typeof pageRole>, ComponentType> = { desk: DeskApp, kiosk: KioskApp, hall: HallApp };
const App = apps[pageRole(window.location.search)];

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
