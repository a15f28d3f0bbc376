import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RealtimeClient } from 'ably';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../../contract/channels';
import type { ChatMessage, PresenceData, Ticket, User } from '../../../../contract/entities';
import { RealtimeClientProvider } from '../../realtime/RealtimeProvider';
import { startTestBroker, type TestBroker } from '../../test/realtime';
import { ChatWindow } from './ChatWindow';

const now = () => new Date().toISOString();
const ava: User = {
  id: 'u_ava',
  name: 'Ava',
  email: 'ava@glowdesk.test',
  role: 'customer',
  staffId: null,
  branchId: 'br_main',
};
const ticket: Ticket = {
  id: 'tk_1',
  customerId: 'u_ava',
  customerName: 'Ava',
  subject: 'Can I move my colour?',
  bookingId: null,
  status: 'active',
  agentId: 'u_rita',
  agentName: 'Rita',
  queuePosition: null,
  version: 2,
  createdAt: now(),
  updatedAt: now(),
};
const chatChannel = channels.sessionChat(ticket.id);
const presenceChannel = channels.sessionPresence(ticket.id);

let tb: TestBroker;
let serverMessages: ChatMessage[] = [];
let nextId = 1;
let echoFirst = false;

const api = setupServer(
  http.get('*/api/tickets/:id/messages', () =>
    HttpResponse.json({ messages: serverMessages, hasMore: false }),
  ),
  http.post('*/api/tickets/:id/messages', async ({ request }) => {
    const { content } = (await request.json()) as { content: string };
    const message: ChatMessage = {
      id: `msg_${nextId++}`,
      sessionId: ticket.id,
      senderId: ava.id,
      senderName: ava.name,
      senderRole: 'customer',
      content,
      timestamp: now(),
    };
    serverMessages.push(message);
    // The API publishes after commit; the echo may reach the page before this answer does.
    if (echoFirst) {
      await tb.publish(chatChannel, 'chat:message', message);
      await new Promise((r) => setTimeout(r, 150));
    } else setTimeout(() => void tb.publish(chatChannel, 'chat:message', message), 100);
    return HttpResponse.json({ message }, { status: 201 });
  }),
);

beforeAll(async () => {
  api.listen({ onUnhandledRequest: 'bypass' });
  tb = await startTestBroker();
});
afterEach(async () => {
  // Let late publishes and presence leaves settle before the next test reuses the channel.
  await new Promise((r) => setTimeout(r, 300));
  serverMessages = [];
  echoFirst = false;
  nextId = 1;
});
afterAll(async () => {
  api.close();
  await tb.close();
});

const avaCapability = { [`session:${ticket.id}:*`]: ['subscribe', 'presence'] };

function renderChat(client: RealtimeClient) {
  const queryClient = new QueryClient();
  return render(
    <QueryClientProvider client={queryClient}>
      <RealtimeClientProvider client={client}>
        <ChatWindow ticket={ticket} me={ava} />
      </RealtimeClientProvider>
    </QueryClientProvider>,
  );
}

async function connected(client: RealtimeClient) {
  if (client.connection.state !== 'connected') await client.connection.once('connected');
}

describe('ChatWindow (real broker)', () => {
  it('shows who is present and who is typing, from presence data', async () => {
    const client = tb.client(ava.id, avaCapability);
    renderChat(client);
    const rita = tb.client('u_rita', { 'session:*': ['subscribe', 'presence'] });
    await connected(rita);
    const ritaPresence = rita.channels.get(presenceChannel).presence;
    const ritaData: PresenceData = {
      userId: 'u_rita',
      name: 'Rita',
      role: 'receptionist',
      joinedAt: now(),
      typing: false,
    };
    await ritaPresence.enter(ritaData);

    await waitFor(() =>
      expect(
        document.querySelector('[data-testid="presence-member"][data-user-id="u_rita"]'),
      ).toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(
        document.querySelector('[data-testid="presence-member"][data-user-id="u_ava"]'),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByTestId('typing-indicator')).not.toBeInTheDocument();

    await ritaPresence.update({ ...ritaData, typing: true });
    expect(await screen.findByTestId('typing-indicator')).toHaveTextContent('Rita is typing…');

    await ritaPresence.update({ ...ritaData, typing: false });
    await waitFor(() => expect(screen.queryByTestId('typing-indicator')).not.toBeInTheDocument());
  });

  it('publishes my typing as presence data and clears it on send', async () => {
    const client = tb.client(ava.id, avaCapability);
    renderChat(client);
    const rita = tb.client('u_rita', { 'session:*': ['subscribe', 'presence'] });
    await connected(rita);
    const presence = rita.channels.get(presenceChannel).presence;
    await rita.channels.get(presenceChannel).attach();
    const avaTyping = async () =>
      (await presence.get()).find((m) => m.clientId === ava.id)?.data?.typing as
        | boolean
        | undefined;
    await waitFor(async () => expect(await avaTyping()).toBe(false), { timeout: 5000 });

    const user = userEvent.setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'Hi');
    await waitFor(async () => expect(await avaTyping()).toBe(true));
    await user.keyboard('{Enter}');
    await waitFor(async () => expect(await avaTyping()).toBe(false));
  });

  it('reconciles an optimistic send with the server message by id, without duplicates from the echo', async () => {
    const client = tb.client(ava.id, avaCapability);
    renderChat(client);
    await connected(client);
    await waitFor(() => expect(client.channels.get(chatChannel).state).toBe('attached'));
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Is 3pm ok?{Enter}');

    // Shown at once (optimistic), then carries the server's id.
    const log = screen.getByRole('log');
    expect(within(log).getByText('Is 3pm ok?')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(log).getAllByTestId('chat-message')[0]).toHaveAttribute(
        'data-message-id',
        'msg_1',
      ),
    );
    // The realtime echo arrives ~100 ms later: still exactly one message.
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(within(log).getAllByTestId('chat-message')).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  });

  it('does not duplicate when the echo arrives before the POST answers', async () => {
    echoFirst = true;
    nextId = 10;
    const client = tb.client(ava.id, avaCapability);
    renderChat(client);
    await connected(client);
    await waitFor(() => expect(client.channels.get(chatChannel).state).toBe('attached'));
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Echo first{Enter}');
    const log = screen.getByRole('log');
    await waitFor(() =>
      expect(within(log).getAllByTestId('chat-message')[0]).toHaveAttribute(
        'data-message-id',
        'msg_10',
      ),
    );
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(within(log).getAllByTestId('chat-message')).toHaveLength(1);
  });

  it('shows messages from the other side live', async () => {
    const client = tb.client(ava.id, avaCapability);
    renderChat(client);
    await connected(client);
    await waitFor(() => expect(client.channels.get(chatChannel).state).toBe('attached'));
    await tb.publish(chatChannel, 'chat:message', {
      id: 'msg_rita_1',
      sessionId: ticket.id,
      senderId: 'u_rita',
      senderName: 'Rita',
      senderRole: 'receptionist',
      content: 'Of course, 3pm works.',
      timestamp: now(),
    });
    expect(await screen.findByText('Of course, 3pm works.')).toBeInTheDocument();
    expect(
      document.querySelector('[data-testid="chat-message"][data-message-id="msg_rita_1"]'),
    ).toBeInTheDocument();
  });
});
