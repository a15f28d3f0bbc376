import type { ClientConfig, TokenResponse } from '../../../contract/config';
import type {
  AvailableTime,
  Booking,
  BookingNote,
  Branch,
  ChatMessage,
  Customer,
  LeaveImpact,
  LeaveRequest,
  Notification,
  Schedule,
  Service,
  Staff,
  Ticket,
} from '../../../contract/entities';
import type {
  BookingAction,
  BookingsQuery,
  CreateBookingBody,
  CreateCustomerBody,
  CreateTicketBody,
  LeaveDecisionBody,
  LeaveRequestBody,
  TicketsQuery,
  UpdateBranchBody,
} from '../../../contract/requests';

import { request, withQuery } from './http';

// The typed endpoints of docs/architecture.md §7 for signed-in screens (auth lives in app/session.ts).
export { errorMessage, isApiError } from './http';

type Query = Record<string, string | number | undefined>;

const get = <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query));
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
const enc = encodeURIComponent;

export const api = {
  config: () => get<ClientConfig>('/api/config'),
  token: () => post<TokenResponse>('/api/ably/token'),

  services: () => get<Service[]>('/api/services'),
  staff: () => get<Staff[]>('/api/staff'),
  availability: (q: AvailabilityParams) =>
    get<AvailableTime[]>('/api/availability', availabilityQuery(q)),
  nextFreeDay: (q: AvailabilityParams) =>
    get<{ next: { date: string; times: AvailableTime[] } | null }>(
      '/api/availability/next-day',
      availabilityQuery(q),
    ),

  branch: () => get<Branch>('/api/branch'),
  updateBranch: async (body: UpdateBranchBody) =>
    (await request<{ branch: Branch }>('PATCH', '/api/branch', body)).branch,
  customers: (q: string) => get<Customer[]>('/api/customers', { q }),
  createCustomer: async (body: CreateCustomerBody) =>
    (await post<{ customer: Customer }>('/api/customers', body)).customer,

  bookings: (q: BookingsQuery = {}) => get<Booking[]>('/api/bookings', q),
  booking: (id: string) =>
    get<{ booking: Booking; notes: BookingNote[] }>(`/api/bookings/${enc(id)}`),
  createBooking: async (body: CreateBookingBody) =>
    (await post<{ booking: Booking }>('/api/bookings', body)).booking,
  updateBooking: async (id: string, action: BookingAction) =>
    (await request<{ booking: Booking }>('PATCH', `/api/bookings/${enc(id)}`, action)).booking,
  addNote: async (id: string, text: string) =>
    (await post<{ note: BookingNote }>(`/api/bookings/${enc(id)}/notes`, { text })).note,

  schedule: (date: string) => get<Schedule>('/api/schedule', { date }),

  leave: () => get<LeaveRequest[]>('/api/leave'),
  requestLeave: async (body: LeaveRequestBody) =>
    (await post<{ leave: LeaveRequest }>('/api/leave', body)).leave,
  decideLeave: async (id: string, body: LeaveDecisionBody | 'approve' | 'decline') =>
    (
      await request<{ leave: LeaveRequest }>(
        'PATCH',
        `/api/leave/${enc(id)}`,
        typeof body === 'string' ? { action: body } : body,
      )
    ).leave,
  leaveImpact: (id: string) => get<LeaveImpact>(`/api/leave/${enc(id)}/impact`),

  tickets: (q: TicketsQuery = {}) => get<Ticket[]>('/api/tickets', q),
  createTicket: async (body: CreateTicketBody) =>
    (await post<{ ticket: Ticket }>('/api/tickets', body)).ticket,
  claimTicket: async (id: string) =>
    (await post<{ ticket: Ticket }>(`/api/tickets/${enc(id)}/claim`)).ticket,
  completeTicket: async (id: string) =>
    (await post<{ ticket: Ticket }>(`/api/tickets/${enc(id)}/complete`)).ticket,
  cancelTicket: async (id: string) =>
    (await post<{ ticket: Ticket }>(`/api/tickets/${enc(id)}/cancel`)).ticket,
  messages: (id: string, q: { before?: string | undefined; limit?: number } = {}) =>
    get<{ messages: ChatMessage[]; hasMore: boolean }>(`/api/tickets/${enc(id)}/messages`, q),
  sendMessage: async (id: string, content: string) =>
    (await post<{ message: ChatMessage }>(`/api/tickets/${enc(id)}/messages`, { content })).message,
  markTicketRead: (id: string) => post<{ unreadCount: 0 }>(`/api/tickets/${enc(id)}/read`),

  notifications: () => get<NotificationList>('/api/notifications'),
  markNotificationsRead: (body: { ids: string[] } | { all: true }) =>
    post<{ unread: number }>('/api/notifications/read', body),
};

export interface NotificationList {
  items: Notification[];
  unread: number;
}

export interface AvailabilityParams {
  date: string;
  serviceIds: readonly string[];
  staffId?: string | undefined;
}

const availabilityQuery = (q: AvailabilityParams) => ({
  date: q.date,
  serviceIds: q.serviceIds.join(','),
  staffId: q.staffId || undefined,
});

/** Query keys in one place, so realtime patches and screens agree. */
export const keys = {
  config: ['config'] as const,
  branch: ['branch'] as const,
  customers: (q: string) => ['customers', q] as const,
  leaveImpact: (id: string) => ['leave-impact', id] as const,
  services: ['services'] as const,
  staff: ['staff'] as const,
  bookings: (filter: BookingListFilter = {}) => ['bookings', filter] as const,
  allBookings: ['bookings'] as const,
  booking: (id: string) => ['booking', id] as const,
  schedule: (date: string) => ['schedule', date] as const,
  leave: ['leave'] as const,
  tickets: ['tickets'] as const,
  messages: (ticketId: string) => ['messages', ticketId] as const,
  notifications: ['notifications'] as const,
};

/** A booking list query's filter; realtime patches use it to decide membership. */
export interface BookingListFilter {
  status?: Booking['status'];
  date?: string;
  needsStaff?: 'true';
  staffId?: string;
}
