import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import type { User } from '../../../contract/entities';
import { canDecideLeave } from '../../../contract/rules';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { NotificationFeed } from '../features/notifications/NotificationFeed';
import { useSupportUnread } from '../features/support/hooks';
import { ConnectionStatus, PausedBanner } from '../realtime/ConnectionStatus';
import { RoleFeeds } from '../realtime/feeds/RoleFeeds';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { BranchGate } from '../session/branch';
import { RequireUser } from '../session/guards';
import { createQueryClient } from '../session/queryClient';
import { signOut, useUser } from '../session/session';
import { ToastViewport } from '../ui/toasts';
import '../styles/signed-in.css';

export function SignedInShell() {
  return (
    <RequireUser>
      <SessionCache>
        <RealtimeProvider>
          <Layout />
        </RealtimeProvider>
      </SessionCache>
    </RequireUser>
  );
}

/** The query cache lives as long as the signed-in session: a new user starts clean. */
function SessionCache({ children }: { children: React.ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

function navFor(
  user: User,
): Array<{ to: string; label: string; end?: boolean; badge?: 'support' }> {
  if (user.role === 'customer')
    return [
      { to: '/bookings', label: 'My bookings', end: true },
      { to: '/bookings/new', label: 'Book' },
      { to: '/support', label: 'Support', badge: 'support' },
    ];
  if (user.role === 'staff')
    return [
      { to: '/staff', label: 'My day', end: true },
      { to: '/staff/leave', label: 'Leave' },
    ];
  return [
    { to: '/desk', label: 'Front desk', end: true },
    { to: '/desk/schedule', label: 'Schedule' },
    { to: '/desk/bookings/new', label: 'New booking' },
    { to: '/desk/support', label: 'Support', badge: 'support' },
    ...(canDecideLeave(user.role) ? [{ to: '/desk/leave', label: 'Leave' }] : []),
    ...(user.role === 'owner' ? [{ to: '/desk/settings', label: 'Settings' }] : []),
  ];
}

const ROLE_LABEL: Record<User['role'], string> = {
  customer: 'Customer',
  staff: 'Stylist',
  receptionist: 'Reception',
  manager: 'Manager',
  owner: 'Owner',
};

function Layout() {
  const user = useUser();
  const navigate = useNavigate();
  const supportUnread = useSupportUnread(user.role !== 'staff');
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-dot" aria-hidden="true" /> Glowdesk
          </Link>
          <nav aria-label="Main" className="mainnav">
            {navFor(user).map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end ?? false}>
                {item.label}
                {item.badge && supportUnread > 0 ? (
                  <span className="nav-badge" data-testid="support-unread">
                    {supportUnread}
                    <span className="visually-hidden"> unread</span>
                  </span>
                ) : null}
              </NavLink>
            ))}
          </nav>
          <div className="topbar-end">
            <ConnectionStatus />
            <NotificationBell />
            <span className="who">
              <span className="who-name">{user.name}</span>
              <span className="who-role">{ROLE_LABEL[user.role]}</span>
            </span>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <PausedBanner />
      <main id="main" className="content" tabIndex={-1}>
        <BranchGate>
          <Outlet />
        </BranchGate>
      </main>
      <RoleFeeds user={user} />
      <NotificationFeed user={user} />
      <ToastViewport />
    </div>
  );
}

export function NotFoundPage() {
  return (
    <div className="card">
      <h1>Page not found</h1>
      <p>That page does not exist. </p>
      <Link to="/" className="btn btn-primary">
        Go to my home
      </Link>
    </div>
  );
}
