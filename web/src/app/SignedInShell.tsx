import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { channels } from '../../../contract/channels';
import type { Booking, User } from '../../../contract/entities';
import { canDecideLeave, isDesk } from '../../../contract/rules';
import { keys } from '../lib/api';
import { formatDay, STATUS_LABEL } from '../lib/format';
import { applyBooking, applyLeave } from '../realtime/bookingCache';
import { ConnectionStatus, PausedBanner } from '../realtime/ConnectionStatus';
import { LiveChannel, type LiveEvent } from '../realtime/LiveChannel';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { RequireUser } from './guards';
import { createQueryClient } from './queryClient';
import { signOut, useUser } from './session';
import { ToastViewport, toast } from './toasts';

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

function navFor(user: User): Array<{ to: string; label: string; end?: boolean }> {
  if (user.role === 'customer')
    return [
      { to: '/bookings', label: 'My bookings', end: true },
      { to: '/bookings/new', label: 'Book' },
      { to: '/support', label: 'Support' },
    ];
  if (user.role === 'staff')
    return [
      { to: '/staff', label: 'My day', end: true },
      { to: '/staff/leave', label: 'Leave' },
    ];
  return [
    { to: '/desk', label: 'Front desk', end: true },
    { to: '/desk/schedule', label: 'Schedule' },
    { to: '/desk/support', label: 'Support' },
    ...(canDecideLeave(user.role) ? [{ to: '/desk/leave', label: 'Leave' }] : []),
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
              </NavLink>
            ))}
          </nav>
          <div className="topbar-end">
            <ConnectionStatus />
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
        <Outlet />
      </main>
      <RoleFeeds user={user} />
      <ToastViewport />
    </div>
  );
}

function summary(b: Booking): string {
  return `${b.serviceName}, ${formatDay(b.date)} ${b.time}`;
}

/** The role's always-on channels: they keep lists fresh on every page and raise toasts. */
function RoleFeeds({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const path = location.pathname;
  const refetchBookings = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.allBookings }),
    [queryClient],
  );
  const refetchTickets = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.tickets }),
    [queryClient],
  );
  const refetchLeave = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.leave }),
    [queryClient],
  );

  const onCustomerEvent = (event: LiveEvent) => {
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    const { changed } = applyBooking(queryClient, booking, { tracksEveryChange: true });
    const watching = path === '/bookings' || path === `/bookings/${booking.id}`;
    if (!changed || watching) return;
    const href = `/bookings/${booking.id}`;
    if (event.name === 'booking.rescheduled')
      toast(`Your ${booking.serviceName} moved to ${formatDay(booking.date)} ${booking.time}`, {
        href,
      });
    else if (event.name !== 'booking.created')
      toast(`${summary(booking)}: ${STATUS_LABEL[booking.status]}`, {
        href,
        tone: booking.status === 'confirmed' ? 'success' : 'info',
      });
  };

  const onDeskEvent = (event: LiveEvent) => {
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    const { changed } = applyBooking(queryClient, booking, { tracksEveryChange: true });
    if (changed && event.name === 'booking.new' && path !== '/desk')
      toast(`New booking from ${booking.customerName}: ${summary(booking)}`, { href: '/desk' });
    else if (changed && event.name === 'booking.cancelled' && path !== '/desk')
      toast(`${booking.customerName} cancelled ${summary(booking)}`, { tone: 'warning' });
  };

  const onQueueEvent = (event: LiveEvent) => {
    refetchTickets();
    if (
      isDesk(user.role) &&
      event.name === 'queue:update' &&
      event.data.action === 'created' &&
      !path.startsWith('/desk/support')
    )
      toast('A new support request is waiting', { href: '/desk/support' });
  };

  const onLeaveEvent = (event: LiveEvent) => {
    if (!('leave' in event.data)) return;
    const leave = event.data.leave;
    const changed = applyLeave(queryClient, leave);
    if (!changed && queryClient.getQueryData(keys.leave) === undefined) refetchLeave();
    if (event.name === 'leave.requested' && path !== '/desk/leave' && canDecideLeave(user.role))
      toast(`${leave.staffName} asked for leave`, { href: '/desk/leave' });
    if (event.name === 'leave.approved')
      toast('Your leave was approved', { tone: 'success', href: '/staff/leave' });
    if (event.name === 'leave.declined')
      toast('Your leave request was declined', { href: '/staff/leave' });
  };

  const onStaffEvent = (event: LiveEvent) => {
    if (event.name === 'leave.approved' || event.name === 'leave.declined') {
      onLeaveEvent(event);
      return;
    }
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    const unassigned = event.name === 'booking.unassigned';
    const { changed } = applyBooking(queryClient, booking, {
      tracksEveryChange: false,
      removeFromStaffDay: unassigned,
    });
    if (!changed || path === '/staff') return;
    if (event.name === 'booking.assigned')
      toast(`New appointment: ${booking.customerName}, ${summary(booking)}`, { href: '/staff' });
    else if (unassigned) toast(`${booking.customerName}'s ${summary(booking)} is off your day`);
  };

  if (user.role === 'customer')
    return (
      <>
        <LiveChannel
          channel={channels.customerBookings(user.id)}
          onEvent={onCustomerEvent}
          onResync={refetchBookings}
        />
        <LiveChannel
          channel={channels.queueUpdates()}
          onEvent={onQueueEvent}
          onResync={refetchTickets}
        />
      </>
    );
  if (user.role === 'staff')
    return user.staffId ? (
      <LiveChannel
        channel={channels.staffSchedule(user.staffId)}
        onEvent={onStaffEvent}
        onResync={refetchBookings}
      />
    ) : null;
  return (
    <>
      <LiveChannel
        channel={channels.adminBookings(user.branchId)}
        onEvent={onDeskEvent}
        onResync={refetchBookings}
      />
      <LiveChannel
        channel={channels.queueUpdates()}
        onEvent={onQueueEvent}
        onResync={refetchTickets}
      />
      <LiveChannel
        channel={channels.adminLeave(user.branchId)}
        onEvent={onLeaveEvent}
        onResync={refetchLeave}
      />
    </>
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
