import { dropConnections, expireTokens, goOffline } from '../realtime/faults';
import { relay, TAB_ID } from '../realtime/relay';
import { loadDb, onDbChange, resetDemoData } from '../store/db';
import { currentUserId, onSessionChange, signIn, signOut } from '../store/session';

// The mock-mode dev toolbar: a plain DOM widget in its own shadow root, mounted by
// startMocks() next to (not inside) the SPA, so the SPA needs no code for it.

const STYLE = `
:host { all: initial; }
.bar { position: fixed; left: 8px; bottom: 8px; z-index: 2147483647; font: 12px/1.4 system-ui, sans-serif;
  color: #1f2937; }
.toggle { background: #7c3aed; color: #fff; border: 0; border-radius: 999px; padding: 4px 10px; cursor: pointer;
  font: inherit; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.panel { margin-top: 6px; background: #fff; border: 1px solid #d1d5db; border-radius: 8px; padding: 8px 10px;
  box-shadow: 0 4px 16px rgba(0,0,0,.18); display: grid; gap: 6px; min-width: 250px; }
.panel[hidden] { display: none; }
.row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
button.act { font: inherit; border: 1px solid #9ca3af; background: #f9fafb; border-radius: 4px; padding: 2px 8px;
  cursor: pointer; color: #111827; }
button.act:hover { background: #ede9fe; }
select, input { font: inherit; }
input[type=number] { width: 4em; }
.status { color: #4b5563; }
h2 { font-size: 12px; margin: 0; }
`;

export interface ToolbarInfo {
  /** Live SDK connections and mirrored remote presence members, for the status line. */
  stats: () => { connections: number; remoteMembers: number };
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { testid?: string } = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { testid, ...rest } = props;
  Object.assign(node, rest);
  if (testid) node.setAttribute('data-testid', testid);
  node.append(...children);
  return node;
}

export function mountToolbar(info: ToolbarInfo): () => void {
  const host = el('div', { id: 'glowdesk-mock-toolbar' });
  const root = host.attachShadow({ mode: 'open' });
  root.append(el('style', { textContent: STYLE }));

  const expanded = sessionStorage.getItem('glowdesk.mock.toolbar') === 'open';
  const panel = el('div', { className: 'panel', hidden: !expanded, id: 'panel' });
  const toggle = el('button', {
    type: 'button',
    className: 'toggle',
    textContent: 'Mock mode',
    testid: 'mock-toolbar-toggle',
    title: 'Glowdesk mock mode: data lives in this browser',
  });
  toggle.setAttribute('aria-expanded', String(expanded));
  toggle.setAttribute('aria-controls', 'panel');
  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    sessionStorage.setItem('glowdesk.mock.toolbar', panel.hidden ? 'closed' : 'open');
  });

  // --- who this tab is ----------------------------------------------------------------------
  const userSelect = el('select', { id: 'mock-user', testid: 'mock-user-select' });
  let shown = '';
  const fillUsers = () => {
    const me = currentUserId();
    const users = loadDb().users;
    const signature = `${me}|${users.map((u) => u.id).join(',')}`;
    if (signature === shown) return;
    shown = signature;
    userSelect.replaceChildren(
      el('option', { value: '', textContent: '— signed out —' }),
      ...users.map((u) =>
        el('option', { value: u.id, textContent: `${u.name} (${u.role})`, selected: u.id === me }),
      ),
    );
    if (!me) userSelect.value = '';
  };
  userSelect.addEventListener('change', () => {
    if (userSelect.value) signIn(userSelect.value);
    else signOut();
    location.assign('/'); // the SPA starts over as that user
  });
  const userLabel = el('label', { htmlFor: 'mock-user', textContent: 'Play as' });

  // --- data and faults ----------------------------------------------------------------------
  const button = (text: string, testid: string, onClick: () => void) => {
    const b = el('button', { type: 'button', className: 'act', textContent: text, testid });
    b.addEventListener('click', onClick);
    return b;
  };
  const status = el('div', { className: 'status', testid: 'mock-toolbar-status' });
  status.setAttribute('role', 'status');
  const say = (text: string) => {
    status.textContent = text;
  };
  /** After a fault, the line says what happened until the SDK is connected again. */
  let recovering: ReturnType<typeof setInterval> | undefined;
  const sayUntilReconnected = (text: string, before: number) => {
    say(text);
    clearInterval(recovering);
    let wentDown = false;
    recovering = setInterval(() => {
      const now = info.stats().connections;
      if (now < before) wentDown = true;
      if ((wentDown || before === 0) && now >= Math.max(1, before)) {
        clearInterval(recovering);
        say('Reconnected');
        setTimeout(() => {
          if (status.textContent === 'Reconnected') say('');
        }, 3000);
      }
    }, 250);
  };
  const seconds = el('input', {
    type: 'number',
    min: '1',
    max: '600',
    value: '5',
    id: 'mock-offline-s',
  });
  const secondsLabel = el('label', { htmlFor: 'mock-offline-s', textContent: 'for (s)' });

  const reset = button('Reset demo data', 'mock-reset', () => {
    if (!window.confirm('Reset the demo data in every tab? Changes made here are lost.')) return;
    resetDemoData();
    relay({ type: 'reset', from: TAB_ID });
    location.reload();
  });
  const drop = button('Drop connection', 'mock-drop-connection', () => {
    const before = info.stats().connections;
    sayUntilReconnected(`Dropped ${dropConnections()} connection(s); the SDK reconnects`, before);
  });
  const offline = button('Go offline', 'mock-go-offline', () => {
    const s = Math.max(1, Math.min(600, Number(seconds.value) || 5));
    const before = info.stats().connections;
    goOffline(s);
    sayUntilReconnected(`Offline for ${s}s`, before);
  });
  const expire = button('Expire token', 'mock-expire-token', () => {
    say(`Expired the token of ${expireTokens()} connection(s); the SDK renews it`);
    setTimeout(() => say(''), 5000);
  });

  panel.append(
    el('h2', { textContent: 'Glowdesk mock mode' }),
    el('div', { className: 'row' }, userLabel, userSelect),
    el('div', { className: 'row' }, reset),
    el('div', { className: 'row' }, drop, offline, secondsLabel, seconds, expire),
    status,
  );
  const bar = el('div', { className: 'bar', testid: 'mock-toolbar' }, toggle, panel);
  bar.setAttribute('role', 'region');
  bar.setAttribute('aria-label', 'Mock mode tools');
  root.append(bar);

  const refreshStats = () => {
    const { connections, remoteMembers } = info.stats();
    toggle.title = `Glowdesk mock mode · ${connections} realtime connection(s) · ${remoteMembers} member(s) from other tabs`;
  };
  fillUsers();
  const stopWatching = onDbChange(fillUsers);
  // Signing in through the form changes who this tab is without touching the data.
  const stopSession = onSessionChange(fillUsers);
  const timer = setInterval(refreshStats, 2000);
  document.body.append(host);
  return () => {
    stopWatching();
    stopSession();
    clearInterval(timer);
    clearInterval(recovering);
    host.remove();
  };
}
