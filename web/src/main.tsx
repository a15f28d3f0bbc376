import './styles/base.css';

// Mock mode must start the MSW worker before any module that imports `ably` is loaded:
// the SDK captures `WebSocket` at import (docs/architecture.md §3). So the app is imported afterwards.
async function boot() {
  if (import.meta.env.GLOWDESK_MOCK) {
    const { startMocks } = await import('./mocks/browser');
    await startMocks();
  }
  const { renderApp } = await import('./app/renderApp');
  renderApp(document.getElementById('root')!);
}

void boot();
