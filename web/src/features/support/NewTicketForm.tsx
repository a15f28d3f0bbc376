import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage, keys } from '../../lib/api';
import { formatDay, formatTime } from '../../lib/format';
import { applyTicket } from '../../realtime/bookingCache';
import { useReauthorize } from '../../realtime/RealtimeProvider';
import { ErrorNote } from '../../ui/feedback';

/** A customer's new support request, optionally about one of their bookings. */
export function NewTicketForm({
  bookingId,
  onCancel,
}: {
  bookingId: string | null;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const reauthorize = useReauthorize();
  const ids = { subject: useId(), message: useId() };
  const booking = useQuery({
    queryKey: keys.booking(bookingId ?? ''),
    queryFn: () => api.booking(bookingId!),
    enabled: Boolean(bookingId),
  });
  const b = booking.data?.booking;
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.createTicket({
        subject:
          subject.trim() ||
          (b ? `About my ${b.serviceName} on ${formatDay(b.date)} ${formatTime(b.time)}` : ''),
        message: message.trim(),
        ...(bookingId ? { bookingId } : {}),
      }),
    onSuccess: async (ticket) => {
      applyTicket(queryClient, ticket);
      // The new token carries `session:{ticket}:*`; get it before the chat subscribes.
      await reauthorize();
      navigate(`/support/${ticket.id}`);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack form-wide" onSubmit={onSubmit} aria-label="New support request">
      {b ? (
        <p className="muted">
          About your {b.serviceName} on {formatDay(b.date)} at {formatTime(b.time)}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={ids.subject}>Subject</label>
        <input
          id={ids.subject}
          value={subject}
          maxLength={200}
          required={!b}
          placeholder={b ? `About my ${b.serviceName}` : 'What is it about?'}
          onChange={(e) => setSubject(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.message}>Your question</label>
        <textarea
          id={ids.message}
          rows={3}
          maxLength={4000}
          required
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </div>
      {create.isError ? <ErrorNote error={errorMessage(create.error)} /> : null}
      <div className="row-end">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={create.isPending || !message.trim()}
        >
          {create.isPending ? 'Sending…' : 'Send to the salon'}
        </button>
      </div>
    </form>
  );
}
