import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/app.css';
import './styles/editor.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AttractorApi } from '../../main/api/contract';
import { bridgeUrl } from './api/wsClient';
import { BrowserGate } from './app/BrowserGate';
import { StudioRoot } from './app/StudioRoot';

const electronApi = (window as unknown as { api?: AttractorApi }).api;
const root = createRoot(document.getElementById('root') as HTMLElement);

root.render(
  <StrictMode>{electronApi ? <StudioRoot api={electronApi} mode="electron" /> : <BrowserGate url={bridgeUrl(location)} />}</StrictMode>,
);
