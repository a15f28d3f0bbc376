import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../../../contract/roles';
import { homePath } from '../../../contract/rules';
import { PageLoading } from '../ui/PageLoading';
import { loadSession, useSession } from './session';

// Route guards by session: who may see signed-in pages, where `/` and a signed-in visit to
// `/login` go (with `?next=` kept inside the app).

function SessionError({ message }: { message: string }) {
  return (
    <div className="page-loading" role="alert">
      {message}{' '}
      <button type="button" className="btn" onClick={() => void loadSession()}>
        Try again
      </button>
    </div>
  );
}

/** `/`: each role to its home (docs/architecture.md §8). */
export function HomeRedirect() {
  const session = useSession();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') return <SessionError message={session.message} />;
  return <Navigate to={session.user ? homePath(session.user.role) : '/login'} replace />;
}

/** A `?next=` path inside the app, never an open redirect. */
export function safeNext(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}

/** Signed-out pages: once signed in (or already), on to `?next=` or home. */
export function SignedOutOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'ready' && session.user)
    return <Navigate to={safeNext(location.search) ?? homePath(session.user.role)} replace />;
  return children;
}

/** Signed-in pages: without a session, to /login with a way back. */
export function RequireUser({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') return <SessionError message={session.message} />;
  if (!session.user) {
    const next = location.pathname + location.search;
    const to = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  return children;
}

/** An area for some roles only; anyone else goes to their own home. */
export function RoleGate({ roles }: { roles: readonly Role[] }) {
  const session = useSession();
  const user = session.status === 'ready' ? session.user : null;
  if (!user) return null;
  if (!roles.includes(user.role)) return <Navigate to={homePath(user.role)} replace />;
  return <Outlet />;
}
