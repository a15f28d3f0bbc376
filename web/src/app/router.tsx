import { Component, type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { type RouteObject, useLocation, useRoutes } from 'react-router';
import { HomeRedirect, RoleGate } from '../session/guards';
import { PageLoading } from '../ui/PageLoading';

// Routes of docs/architecture.md §8. Every page is a lazy chunk, grouped by area folder, so `/login` never
// loads `ably`, the query cache or any signed-in screen. Declarative routing (`useRoutes`
// over a route table) rather than the data router: we use no loaders, actions or fetchers,
// and the data router's code was a third of the sign-in page's JavaScript (ADR 0031).
const auth = () => import('../features/auth/AuthPages');
const shell = () => import('./SignedInShell');
const bookings = () => import('../features/bookings/CustomerBookingsPages');
const detail = () => import('../features/bookings/BookingDetailPage');
const deskBooking = () => import('../features/bookings/NewDeskBookingPage');
const settings = () => import('../features/settings/BranchSettingsPage');
const customerSupport = () => import('../features/support/CustomerSupportPages');
const deskSupport = () => import('../features/support/DeskSupportPages');
const deskHome = () => import('../features/desk/DeskHomePage');
const schedule = () => import('../features/schedule/SchedulePage');
const leave = () => import('../features/leave/LeavePages');
const staffDay = () => import('../features/staff/StaffDayPage');

type Module = Record<string, unknown>;
/**
 * A route element that loads `name` from the module on first render. Each page suspends on
 * its own, so the signed-in shell (header, connection status) stays while a page loads.
 */
const page = <M extends Module>(load: () => Promise<M>, name: keyof M & string) => {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
};

function RouteError() {
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

/** Catches what a page throws while rendering or loading its chunk; a navigation resets it. */
class RouteErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.error(error);
  }
  override componentDidUpdate(previous: { resetKey: string }) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) {
      this.setState({ failed: false });
    }
  }
  override render() {
    return this.state.failed ? <RouteError /> : this.props.children;
  }
}

export const DESK = ['receptionist', 'manager', 'owner'] as const;

export const routes: RouteObject[] = [
  { index: true, element: <HomeRedirect /> },
  { path: 'login', element: page(auth, 'LoginPage') },
  { path: 'register', element: page(auth, 'RegisterPage') },
  {
    element: page(shell, 'SignedInShell'),
    children: [
      {
        element: <RoleGate roles={['customer']} />,
        children: [
          { path: 'bookings', element: page(bookings, 'BookingsPage') },
          { path: 'bookings/new', element: page(bookings, 'NewBookingPage') },
          { path: 'bookings/:id', element: page(detail, 'BookingDetailPage') },
          { path: 'support', element: page(customerSupport, 'CustomerSupportPage') },
          { path: 'support/:ticketId', element: page(customerSupport, 'CustomerTicketPage') },
        ],
      },
      {
        element: <RoleGate roles={DESK} />,
        children: [
          { path: 'desk', element: page(deskHome, 'DeskHomePage') },
          { path: 'desk/bookings/new', element: page(deskBooking, 'NewDeskBookingPage') },
          { path: 'desk/bookings/:id', element: page(detail, 'BookingDetailPage') },
          { path: 'desk/schedule', element: page(schedule, 'SchedulePage') },
          { path: 'desk/support', element: page(deskSupport, 'DeskSupportPage') },
          { path: 'desk/support/:ticketId', element: page(deskSupport, 'DeskTicketPage') },
          { path: 'desk/leave', element: page(leave, 'DeskLeavePage') },
        ],
      },
      {
        element: <RoleGate roles={['owner']} />,
        children: [{ path: 'desk/settings', element: page(settings, 'BranchSettingsPage') }],
      },
      {
        element: <RoleGate roles={['staff']} />,
        children: [
          { path: 'staff', element: page(staffDay, 'StaffDayPage') },
          { path: 'staff/bookings/:id', element: page(detail, 'BookingDetailPage') },
          { path: 'staff/leave', element: page(leave, 'StaffLeavePage') },
        ],
      },
      { path: '*', element: page(shell, 'NotFoundPage') },
    ],
  },
];

/** The app's routes, under `<BrowserRouter>` (see renderApp). */
export function AppRoutes() {
  const location = useLocation();
  const element = useRoutes(routes);
  return <RouteErrorBoundary resetKey={location.pathname}>{element}</RouteErrorBoundary>;
}
