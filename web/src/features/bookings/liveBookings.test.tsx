import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import type { RealtimeClient } from 'ably';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { MemoryRouter } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../../contract/channels';
import type { Booking } from '../../../../contract/entities';
import { applyBooking } from '../../realtime/bookingCache';
import { LiveChannel } from '../../realtime/LiveChannel';
import { RealtimeClientProvider } from '../../realtime/RealtimeProvider';
import { startTestBroker, type TestBroker } from '../../test/realtime';
import { BookingsPage } from './CustomerBookingsPages';

// The customer's bookings page fed by `customer:{u}:bookings` through the real broker: the
// cache-patching rules of ADR 0030 as the user sees them.

const at = new Date().toISOString();
const base: Booking = {
  id: 'bk_1',
  customerId: 'u_ava',
  customerName: 'Ava',
  services: [{ id: 'sv_cut', name: 'Haircut', durationMin: 30, priceCents: 3500 }],
  serviceId: 'sv_cut',
  serviceName: 'Haircut',
  priceCents: 3500,
  needsStaff: false,
  source: 'online',
  staffId: 'st_mia',
  staffName: 'Mia',
  branchId: 'br_main',
  date: '2030-01-02',
  time: '10:00',
  durationMin: 30,
  status: 'pending',
  version: 1,
  createdAt: at,
  updatedAt: at,
};
let serverState: Booking[] = [base];
let listFetches = 0;

const api = setupServer(
  http.get('*/api/bookings', () => {
    listFetches += 1;
    return HttpResponse.json(serverState);
  }),
);
let tb: TestBroker;
beforeAll(async () => {
  api.listen({ onUnhandledRequest: 'bypass' });
  tb = await startTestBroker();
});
afterEach(() => {
  serverState = [base];
  listFetches = 0;
});
afterAll(async () => {
  api.close();
  await tb.close();
});

const channel = channels.customerBookings('u_ava');

function Feed() {
  const queryClient = useQueryClient();
  return (
    <LiveChannel
      channel={channel}
      onEvent={(event) => {
        if ('booking' in event.data)
          applyBooking(queryClient, event.data.booking, { tracksEveryChange: true });
      }}
      onResync={() => void queryClient.invalidateQueries({ queryKey: ['bookings'] })}
    />
  );
}

async function renderPage(client: RealtimeClient) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RealtimeClientProvider client={client}>
        <MemoryRouter>
          <Feed />
          <BookingsPage />
        </MemoryRouter>
      </RealtimeClientProvider>
    </QueryClientProvider>,
  );
  await screen.findByText('Haircut');
  await waitFor(() => expect(client.channels.get(channel).state).toBe('attached'));
  // The first attach refetches once (anything between the fetch and the attach).
  await waitFor(() => expect(listFetches).toBe(2));
}

const card = () => document.querySelector('[data-testid="booking-card"][data-booking-id="bk_1"]');
const statusEvent = (b: Booking, from: Booking['status']) => ({
  bookingId: b.id,
  version: b.version,
  booking: b,
  fromStatus: from,
  toStatus: b.status,
});

describe('live booking list (real broker)', () => {
  it('applies a newer version in place: the badge turns Confirmed without a refetch', async () => {
    await renderPage(tb.client('u_ava', { 'customer:u_ava:*': ['subscribe'] }));
    expect(card()).toHaveAttribute('data-status', 'pending');
    const confirmed = { ...base, status: 'confirmed' as const, version: 2 };
    await tb.publish(channel, 'booking.status_changed', statusEvent(confirmed, 'pending'));
    await waitFor(() => expect(card()).toHaveAttribute('data-status', 'confirmed'));
    expect(card()).toHaveTextContent('Confirmed');
    expect(listFetches).toBe(2);
  });

  it('ignores a stale event (a version it already has)', async () => {
    serverState = [{ ...base, status: 'confirmed', version: 2 }];
    await renderPage(tb.client('u_ava', { 'customer:u_ava:*': ['subscribe'] }));
    expect(card()).toHaveAttribute('data-status', 'confirmed');
    await tb.publish(
      channel,
      'booking.status_changed',
      statusEvent({ ...base, status: 'declined', version: 2 }, 'pending'),
    );
    // A later, valid event proves the stale one was processed (and ignored) before it.
    await tb.publish(channel, 'booking.rescheduled', {
      bookingId: 'bk_1',
      version: 3,
      booking: { ...base, status: 'confirmed', version: 3, time: '11:00' },
      from: { date: base.date, time: '10:00' },
    });
    await waitFor(() => expect(card()).toHaveTextContent('11:00'));
    expect(card()).toHaveAttribute('data-status', 'confirmed');
    expect(listFetches).toBe(2);
  });

  it('refetches on a version gap (a lost event) and shows the server truth', async () => {
    await renderPage(tb.client('u_ava', { 'customer:u_ava:*': ['subscribe'] }));
    // Versions 2 and 3 were lost; the server now also has a second booking we never heard of.
    const v4 = { ...base, status: 'cancelled' as const, version: 4 };
    serverState = [
      v4,
      {
        ...base,
        id: 'bk_2',
        time: '15:00',
        serviceName: 'Colour',
        services: [{ id: 'sv_colour', name: 'Colour', durationMin: 90, priceCents: 9500 }],
        version: 1,
      },
    ];
    await tb.publish(channel, 'booking.cancelled', statusEvent(v4, 'confirmed'));
    await waitFor(() => expect(card()).toHaveAttribute('data-status', 'cancelled'));
    await waitFor(() => expect(listFetches).toBe(3));
    expect(await screen.findByText('Colour')).toBeInTheDocument();
  });

  it('ignores malformed events', async () => {
    await renderPage(tb.client('u_ava', { 'customer:u_ava:*': ['subscribe'] }));
    await tb.publish(channel, 'booking.status_changed', { bookingId: 'bk_1', version: 'two' });
    await tb.publish(
      channel,
      'booking.status_changed',
      statusEvent({ ...base, status: 'confirmed', version: 2 }, 'pending'),
    );
    await waitFor(() => expect(card()).toHaveAttribute('data-status', 'confirmed'));
  });
});
