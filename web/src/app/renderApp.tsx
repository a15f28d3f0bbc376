import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { loadSession } from '../session/session';
import { AppRoutes } from './router';

export function renderApp(element: HTMLElement): void {
  void loadSession();
  createRoot(element).render(
    <StrictMode>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </StrictMode>,
  );
}
