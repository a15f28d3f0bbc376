import { type APIRequestContext, expect } from '@playwright/test';
import {
  addDays,
  type Booking,
  type BookingAction,
  type BookingNote,
  type ChatMessage,
  type CreateBookingBody,
  type LeaveRequest,
  localDate,
  type Ticket,
} from '../../contract';

// Thin, typed calls to the real API through a signed-in context's request (same cookie jar as
// its pages). Specs use them to set up state quickly or to act "from another desk"; what a
// test asserts about the product always goes through the UI of the users watching.

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  if (!res.ok()) {
    throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** A date `days` after today in the branch's zone (the server runs on this machine). */
export const dayFromToday = (days: number) => addDays(localDate(), days);

export async function freeTimes(
  api: APIRequestContext,
  q: { date: string; serviceId: string; staffId?: string },
): Promise<{ time: string; staffIds: string[] }[]> {
  const params = new URLSearchParams({ date: q.date, serviceId: q.serviceId });
  if (q.staffId) params.set('staffId', q.staffId);
  return ok(await api.get(`/api/availability?${params}`), 'GET /api/availability');
}

/**
 * The first start time on `date` when `staffId` is free for the service, at or after `notBefore`.
 * Specs book on days no other spec uses (see e2e/support/days.ts), so this is stable even with
 * two workers; asking the server keeps retries and a reused dev server working.
 */
export async function firstFreeTime(
  api: APIRequestContext,
  q: { date: string; serviceId: string; staffId: string; notBefore?: string },
): Promise<string> {
  const times = await freeTimes(api, q);
  const hit = times.find(
    (t) => t.staffIds.includes(q.staffId) && (!q.notBefore || t.time >= q.notBefore),
  );
  if (!hit) throw new Error(`no free time for ${q.staffId} on ${q.date} (${q.serviceId})`);
  return hit.time;
}

export async function createBooking(
  api: APIRequestContext,
  body: CreateBookingBody,
): Promise<Booking> {
  const res = await api.post('/api/bookings', { data: body });
  expect(res.status(), `POST /api/bookings ${await res.text()}`).toBe(201);
  return ((await res.json()) as { booking: Booking }).booking;
}

export async function patchBooking(
  api: APIRequestContext,
  id: string,
  action: BookingAction,
): Promise<Booking> {
  return (
    await ok<{ booking: Booking }>(
      await api.patch(`/api/bookings/${id}`, { data: action }),
      `PATCH /api/bookings/${id} ${action.action}`,
    )
  ).booking;
}

export async function getBooking(
  api: APIRequestContext,
  id: string,
): Promise<{ booking: Booking; notes: BookingNote[] }> {
  return ok(await api.get(`/api/bookings/${id}`), `GET /api/bookings/${id}`);
}

export async function addNote(api: APIRequestContext, id: string, text: string) {
  const res = await api.post(`/api/bookings/${id}/notes`, { data: { text } });
  expect(res.status(), `POST notes ${await res.text()}`).toBe(201);
  return ((await res.json()) as { note: BookingNote }).note;
}

export async function createTicket(
  api: APIRequestContext,
  body: { subject: string; message: string; bookingId?: string },
): Promise<Ticket> {
  const res = await api.post('/api/tickets', { data: body });
  expect(res.status(), `POST /api/tickets ${await res.text()}`).toBe(201);
  return ((await res.json()) as { ticket: Ticket }).ticket;
}

export async function listTickets(api: APIRequestContext): Promise<Ticket[]> {
  return ok(await api.get('/api/tickets'), 'GET /api/tickets');
}

export async function ticketAction(
  api: APIRequestContext,
  id: string,
  action: 'claim' | 'complete' | 'cancel',
) {
  return api.post(`/api/tickets/${id}/${action}`);
}

export async function postMessage(
  api: APIRequestContext,
  ticketId: string,
  content: string,
): Promise<ChatMessage> {
  const res = await api.post(`/api/tickets/${ticketId}/messages`, { data: { content } });
  expect(res.status(), `POST messages ${await res.text()}`).toBe(201);
  return ((await res.json()) as { message: ChatMessage }).message;
}

export async function requestLeave(
  api: APIRequestContext,
  body: { from: string; to: string; reason: string },
): Promise<LeaveRequest> {
  const res = await api.post('/api/leave', { data: body });
  expect(res.status(), `POST /api/leave ${await res.text()}`).toBe(201);
  return ((await res.json()) as { leave: LeaveRequest }).leave;
}

export async function listLeave(api: APIRequestContext): Promise<LeaveRequest[]> {
  return ok(await api.get('/api/leave'), 'GET /api/leave');
}
