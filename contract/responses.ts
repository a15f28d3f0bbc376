import { z } from 'zod';
import { Booking, BookingNote, ChatMessage, LeaveRequest, Ticket, User } from './entities';

// Success answers of docs/architecture.md §7, so clients (SPA, mocks, tests) parse what they receive.

export const UserResponse = z.object({ user: User });
export const BookingResponse = z.object({ booking: Booking });
export const BookingDetailResponse = z.object({ booking: Booking, notes: z.array(BookingNote) });
export const NoteResponse = z.object({ note: BookingNote });
export const LeaveResponse = z.object({ leave: LeaveRequest });
export const TicketResponse = z.object({ ticket: Ticket });
export const MessageResponse = z.object({ message: ChatMessage });
export const MessagesPage = z.object({ messages: z.array(ChatMessage), hasMore: z.boolean() });
export type MessagesPage = z.infer<typeof MessagesPage>;
export const HealthResponse = z.object({ ok: z.literal(true), realtime: z.string() });
