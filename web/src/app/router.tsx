import { createBrowserRouter, Outlet, useRouteError } from 'react-router';
import { HomeRedirect, PageLoading, RoleGate } from './guards';

// Routes of DESIGN §8. Every page is a lazy chunk, grouped by area folder, so `/login` never
// loads `ably`, the query cache or any signed-in screen.
const auth = () => import('../features/auth/AuthPages');
const shell = () => import('./SignedInShell');
const bookings = () => import('../features/bookings/CustomerBookingsPages');
const detail = () => import('../features/bookings/BookingDetailPage');
const support = () => import('../features/support/SupportPages');
const deskHome = () => import('../features/desk/DeskHomePage');
const schedule = () => import('../features/schedule/SchedulePage');
const leave = () => import('../features/leave/LeavePages');
const staffDay = () => import('../features/staff/StaffDayPage');

type Module = Record<string, unknown>;
const page =
  <M extends Module>(load: () => Promise<M>, name: keyof M & string) =>
  async () => ({ Component: (await load())[name] as React.ComponentType });

function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <main className="centered-page">
      <div className="card">
        <h1>Something went wrong</h1>
        <p>Please reload the page. If it keeps happening, sign out and in again.</p>
        <a className="btn btn-primary" href="/">
          Back to start
        </a>
      </div>
    </main>
  );
}

export const DESK = ['receptionist', 'manager', 'owner'] as const;

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      Component: Outlet,
      ErrorBoundary: RouteError,
      HydrateFallback: PageLoading,
      children: [
        { index: true, Component: HomeRedirect },
        { path: 'login', lazy: page(auth, 'LoginPage') },
        { path: 'register', lazy: page(auth, 'RegisterPage') },
        {
          lazy: page(shell, 'SignedInShell'),
          children: [
            {
              element: <RoleGate roles={['customer']} />,
              children: [
                { path: 'bookings', lazy: page(bookings, 'BookingsPage') },
                { path: 'bookings/new', lazy: page(bookings, 'NewBookingPage') },
                { path: 'bookings/:id', lazy: page(detail, 'BookingDetailPage') },
                { path: 'support', lazy: page(support, 'CustomerSupportPage') },
                { path: 'support/:ticketId', lazy: page(support, 'CustomerTicketPage') },
              ],
            },
            {
              element: <RoleGate roles={DESK} />,
              children: [
                { path: 'desk', lazy: page(deskHome, 'DeskHomePage') },
                { path: 'desk/bookings/:id', lazy: page(detail, 'BookingDetailPage') },
                { path: 'desk/schedule', lazy: page(schedule, 'SchedulePage') },
                { path: 'desk/support', lazy: page(support, 'DeskSupportPage') },
                { path: 'desk/support/:ticketId', lazy: page(support, 'DeskTicketPage') },
                { path: 'desk/leave', lazy: page(leave, 'DeskLeavePage') },
              ],
            },
            {
              element: <RoleGate roles={['staff']} />,
              children: [
                { path: 'staff', lazy: page(staffDay, 'StaffDayPage') },
                { path: 'staff/bookings/:id', lazy: page(detail, 'BookingDetailPage') },
                { path: 'staff/leave', lazy: page(leave, 'StaffLeavePage') },
              ],
            },
            { path: '*', lazy: page(shell, 'NotFoundPage') },
          ],
        },
      ],
    },
  ]);
}
