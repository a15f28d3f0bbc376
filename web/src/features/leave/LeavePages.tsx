import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { LeaveRequest } from '../../../../contract/entities';
import { canDecideLeave } from '../../../../contract/rules';
import { addDays } from '../../../../contract/slots';
import { api, errorMessage, keys } from '../../lib/api';
import { formatDay, formatTime, serviceNames, today } from '../../lib/format';
import { useStaffList } from '../../lib/queries';
import { applyLeave } from '../../realtime/bookingCache';
import { useUser } from '../../session/session';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import './leave.css';

export function useLeave() {
  return useQuery({ queryKey: keys.leave, queryFn: api.leave });
}

const LEAVE_LABEL: Record<LeaveRequest['status'], string> = {
  pending: 'Waiting for a decision',
  approved: 'Approved',
  declined: 'Declined',
};

function range(l: LeaveRequest): string {
  return l.from === l.to ? formatDay(l.from) : `${formatDay(l.from)} – ${formatDay(l.to)}`;
}

function LeaveRow({
  leave,
  children,
  showName,
}: {
  leave: LeaveRequest;
  children?: React.ReactNode;
  showName?: boolean;
}) {
  return (
    <li className="leave-row card" data-leave-id={leave.id}>
      <div>
        <p className="ticket-subject">
          {showName ? `${leave.staffName}: ` : ''}
          {range(leave)}
        </p>
        <p className="muted">{leave.reason}</p>
        {leave.status === 'approved' && leave.affectedBookingIds.length > 0 ? (
          <p className="kind-note">
            {leave.affectedBookingIds.length === 1
              ? '1 booking needs another stylist.'
              : `${leave.affectedBookingIds.length} bookings need another stylist.`}
          </p>
        ) : null}
      </div>
      <div className="row-actions">
        <span className={`badge leave-${leave.status}`} aria-live="polite">
          {LEAVE_LABEL[leave.status]}
        </span>
        {children}
      </div>
    </li>
  );
}

export function StaffLeavePage() {
  const leave = useLeave();
  const queryClient = useQueryClient();
  const ids = { from: useId(), to: useId(), reason: useId() };
  const [from, setFrom] = useState(addDays(today(), 7));
  const [to, setTo] = useState(addDays(today(), 7));
  const [reason, setReason] = useState('');
  const request = useMutation({
    mutationFn: () => api.requestLeave({ from, to, reason: reason.trim() }),
    onSuccess: (l) => {
      applyLeave(queryClient, l);
      void queryClient.invalidateQueries({ queryKey: keys.leave });
      setReason('');
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };
  const list = (leave.data ?? []).slice().sort((a, b) => b.from.localeCompare(a.from));
  return (
    <>
      <div className="page-head">
        <h1>Leave</h1>
      </div>
      <form className="card stack form-wide" onSubmit={onSubmit} aria-label="Request leave">
        <h2>Request time off</h2>
        <div className="row">
          <div className="field">
            <label htmlFor={ids.from}>From</label>
            <input
              id={ids.from}
              type="date"
              min={today()}
              required
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                if (to < e.target.value) setTo(e.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.to}>To</label>
            <input
              id={ids.to}
              type="date"
              min={from}
              required
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>Reason</label>
          <input
            id={ids.reason}
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        {request.isError ? <ErrorNote error={errorMessage(request.error)} /> : null}
        {request.isSuccess ? (
          <p role="status" className="ok-note">
            Request sent to your manager.
          </p>
        ) : null}
        <div className="row-end">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={request.isPending || !reason.trim()}
          >
            Send request
          </button>
        </div>
      </form>
      <h2>My requests</h2>
      {leave.isPending ? <p className="muted">Loading…</p> : null}
      {leave.isError ? (
        <ErrorNote error={errorMessage(leave.error)} onRetry={() => leave.refetch()} />
      ) : null}
      {leave.data?.length === 0 ? <EmptyState>No leave requested yet.</EmptyState> : null}
      <ul className="ticket-list">
        {list.map((l) => (
          <LeaveRow key={l.id} leave={l} />
        ))}
      </ul>
    </>
  );
}

/** The stranded bookings of a pending leave, each with the stylists free to take it. */
function Impact({
  leave,
  choice,
  onChoice,
}: {
  leave: LeaveRequest;
  choice: Record<string, string>;
  onChoice: (bookingId: string, staffId: string) => void;
}) {
  const impact = useQuery({
    queryKey: keys.leaveImpact(leave.id),
    queryFn: () => api.leaveImpact(leave.id),
    staleTime: 0,
  });
  const staff = useStaffList();
  const nameOf = (id: string) => staff.data?.find((s) => s.id === id)?.name ?? id;
  if (impact.isPending) return <p className="muted">Checking {leave.staffName}'s bookings…</p>;
  if (impact.isError) return <ErrorNote error={errorMessage(impact.error)} />;
  const list = impact.data.bookings;
  if (list.length === 0) {
    return <p className="muted">No bookings clash with this leave.</p>;
  }
  return (
    <div className="impact" data-testid="leave-impact">
      <p>
        {list.length === 1
          ? '1 booking would lose its stylist.'
          : `${list.length} bookings would lose their stylist.`}{' '}
        Choose who takes each, or leave it for the desk.
      </p>
      <ul className="impact-list">
        {list.map(({ booking, freeStaffIds }) => {
          const label = `${booking.customerName}, ${serviceNames(booking)}, ${formatDay(booking.date)} ${formatTime(booking.time)}`;
          const id = `reassign-${booking.id}`;
          return (
            <li key={booking.id} data-booking-id={booking.id}>
              <label htmlFor={id}>{label}</label>
              <select
                id={id}
                value={choice[booking.id] ?? ''}
                onChange={(e) => onChoice(booking.id, e.target.value)}
              >
                <option value="">Needs a stylist (the desk decides)</option>
                {freeStaffIds.map((s) => (
                  <option key={s} value={s}>
                    {nameOf(s)}
                  </option>
                ))}
              </select>
              {freeStaffIds.length === 0 ? (
                <small className="muted"> Nobody else is free then.</small>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Decide({ leave }: { leave: LeaveRequest }) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: (action: 'approve' | 'decline') =>
      api.decideLeave(
        leave.id,
        action === 'approve'
          ? {
              action,
              reassign: Object.entries(choice)
                .filter(([, staffId]) => staffId)
                .map(([bookingId, staffId]) => ({ bookingId, staffId })),
            }
          : { action },
      ),
    onSuccess: (l) => {
      applyLeave(queryClient, l);
      void queryClient.invalidateQueries({ queryKey: ['bookings'] });
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: keys.leave });
      void queryClient.invalidateQueries({ queryKey: keys.leaveImpact(leave.id) });
    },
  });
  return (
    <div className="stack decide">
      <Impact
        leave={leave}
        choice={choice}
        onChoice={(bookingId, staffId) => setChoice({ ...choice, [bookingId]: staffId })}
      />
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={decide.isPending}
          onClick={() => decide.mutate('approve')}
        >
          Approve
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={decide.isPending}
          onClick={() => decide.mutate('decline')}
        >
          Decline
        </button>
      </div>
      {decide.isError ? (
        <span className="form-error inline" role="alert">
          {errorMessage(decide.error)}
        </span>
      ) : null}
    </div>
  );
}

export function DeskLeavePage() {
  const user = useUser();
  const leave = useLeave();
  const canDecide = canDecideLeave(user.role);
  const list = leave.data ?? [];
  const pending = list.filter((l) => l.status === 'pending');
  const decided = list
    .filter((l) => l.status !== 'pending')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return (
    <>
      <div className="page-head">
        <h1>Leave requests</h1>
      </div>
      {!canDecide ? (
        <p className="muted">Managers and owners decide leave; you can see the requests here.</p>
      ) : null}
      {leave.isPending ? <p className="muted">Loading…</p> : null}
      {leave.isError ? (
        <ErrorNote error={errorMessage(leave.error)} onRetry={() => leave.refetch()} />
      ) : null}
      <h2>Waiting for a decision</h2>
      {leave.data && pending.length === 0 ? <EmptyState>No requests waiting.</EmptyState> : null}
      <ul className="ticket-list" aria-live="polite">
        {pending.map((l) => (
          <LeaveRow key={l.id} leave={l} showName>
            {canDecide ? <Decide leave={l} /> : null}
          </LeaveRow>
        ))}
      </ul>
      {decided.length > 0 ? (
        <>
          <h2>Decided</h2>
          <ul className="ticket-list">
            {decided.map((l) => (
              <LeaveRow key={l.id} leave={l} showName />
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
