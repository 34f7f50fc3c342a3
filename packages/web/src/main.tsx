/** The entry point: start the catalogues, then render the application; keep it for offline use. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { startI18n } from './i18n/i18n.ts';
import { SessionGate } from './session/session-gate.tsx';
import { registerServiceWorker } from './offline/register-service-worker.ts';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  void startI18n().then(() => {
    createRoot(root).render(
      <StrictMode>
        <SessionGate>
          <App />
        </SessionGate>
      </StrictMode>,
    );
  });
}

registerServiceWorker();
