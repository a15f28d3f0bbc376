import type { ClientConfig, TokenResponse } from '../../../contract/config';
import type {
  AvailableTime,
  Booking,
  BookingNote,
  ChatMessage,
  LeaveRequest,
  Schedule,
  Service,
  Staff,
  Ticket,
} from '../../../contract/entities';
import type {
  BookingAction,
  BookingsQuery,
  CreateBookingBody,
  CreateTicketBody,
  LeaveRequestBody,
  TicketsQuery,
} from '../../../contract/requests';

import { request, withQuery } from './http';

// The typed endpoints of DESIGN §7 for signed-in screens (auth lives in app/session.ts).
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
  availability: (q: { date: string; serviceId: string; staffId?: string | undefined }) =>
    get<AvailableTime[]>('/api/availability', q),

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
  decideLeave: async (id: string, action: 'approve' | 'decline') =>
    (await request<{ leave: LeaveRequest }>('PATCH', `/api/leave/${enc(id)}`, { action })).leave,

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
};

/** Query keys in one place, so realtime patches and screens agree. */
export const keys = {
  config: ['config'] as const,
  services: ['services'] as const,
  staff: ['staff'] as const,
  bookings: (filter: BookingListFilter = {}) => ['bookings', filter] as const,
  allBookings: ['bookings'] as const,
  booking: (id: string) => ['booking', id] as const,
  schedule: (date: string) => ['schedule', date] as const,
  leave: ['leave'] as const,
  tickets: ['tickets'] as const,
  messages: (ticketId: string) => ['messages', ticketId] as const,
};

/** A booking list query's filter; realtime patches use it to decide membership. */
export interface BookingListFilter {
  status?: Booking['status'];
  date?: string;
  staffId?: string;
}
