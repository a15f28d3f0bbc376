import { useQueryClient } from '@tanstack/react-query';
import { ChannelProvider, useChannel, usePresence, usePresenceListener } from 'ably/react';
import {
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { channels } from '../../../../contract/channels';
import type { PresenceData, Ticket, User } from '../../../../contract/entities';
import { MAX_MESSAGE_CHARS } from '../../../../contract/limits';
import { formatClock } from '../../lib/format';
import { applyTicket } from '../../realtime/bookingCache';
import { useResyncOnReattach, whenValid } from '../../realtime/LiveChannel';
import { useRealtime } from '../../realtime/RealtimeProvider';
import type { ChatItem } from './chatState';
import { useMarkTicketRead } from './hooks';
import { knownPeople, presenceMembers, usePresenceParser } from './presence';
import { type Chat, useChat } from './useChat';

export const TYPING_IDLE_MS = 3000;
/** The counter shows once a message is this close to the limit. */
const COUNT_FROM = MAX_MESSAGE_CHARS - 500;

const isOpen = (t: Ticket) => t.status === 'waiting' || t.status === 'active';

/**
 * The support conversation (docs/architecture.md §5): history with "Load earlier", optimistic sends
 * reconciled by id, presence and typing from `session:{t}:presence`.
 */
export function ChatWindow({ ticket, me }: { ticket: Ticket; me: User }) {
  const { client } = useRealtime();
  const chat = useChat(ticket.id, me);
  const open = isOpen(ticket);

  // On screen means read: when the conversation opens, and whenever someone else writes in it.
  const { mutate: markRead } = useMarkTicketRead(ticket.id);
  const newestFromOthers = chat.items.findLast((m) => m.senderId !== me.id && !m.pending)?.id;
  useEffect(() => {
    if (newestFromOthers) markRead();
  }, [newestFromOthers, markRead]);

  // Without realtime, catch up whenever the tab regains focus.
  useEffect(() => {
    if (client) return;
    const onFocus = () => chat.reload();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [client, chat.reload]);

  if (!client || !open)
    return <ChatView chat={chat} me={me} canSend={open} members={null} typing={[]} />;
  return (
    <ChannelProvider channelName={channels.sessionChat(ticket.id)}>
      <ChannelProvider channelName={channels.sessionPresence(ticket.id)}>
        <LiveChat ticket={ticket} chat={chat} me={me} />
      </ChannelProvider>
    </ChannelProvider>
  );
}

function LiveChat({ ticket, chat, me }: { ticket: Ticket; chat: Chat; me: User }) {
  const queryClient = useQueryClient();
  const chatChannel = channels.sessionChat(ticket.id);
  const presenceChannel = channels.sessionPresence(ticket.id);

  useChannel(chatChannel, (message) =>
    whenValid(message, (event) => {
      if (event.name === 'chat:message') chat.receive(event.data);
      else if (event.name === 'session:status') applyTicket(queryClient, event.data.ticket);
    }),
  );
  useResyncOnReattach(
    chatChannel,
    useCallback(() => {
      chat.reload();
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
    }, [chat.reload, queryClient]),
  );

  const myData = useMemo<PresenceData>(
    () => ({
      userId: me.id,
      name: me.name,
      role: me.role,
      joinedAt: new Date().toISOString(),
      typing: false,
    }),
    [me.id, me.name, me.role],
  );
  const { updateStatus } = usePresence<PresenceData>({ channelName: presenceChannel }, myData);
  const { presenceData } = usePresenceListener<PresenceData>({ channelName: presenceChannel });
  const parse = usePresenceParser();
  const known = useMemo(() => knownPeople(ticket, me, chat.items), [ticket, me, chat.items]);
  const members = presenceMembers(presenceData, known, parse);
  const typing = members.filter((m) => m.typing && m.userId !== me.id).map((m) => m.name);

  const typingNow = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const setTyping = useCallback(
    (on: boolean) => {
      if (idle.current) clearTimeout(idle.current);
      if (on) idle.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
      if (typingNow.current === on) return;
      typingNow.current = on;
      updateStatus({ ...myData, typing: on }).catch(() => {});
    },
    [updateStatus, myData],
  );
  useEffect(
    () => () => {
      if (idle.current) clearTimeout(idle.current);
    },
    [],
  );

  return (
    <ChatView
      chat={chat}
      me={me}
      canSend
      members={members}
      typing={typing}
      onTyping={() => setTyping(true)}
      onSent={() => setTyping(false)}
    />
  );
}

export function TypingIndicator({ names }: { names: string[] }) {
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? `${names[0]} is typing…`
        : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are typing…`;
  return (
    <div className="typing-slot" aria-live="polite">
      {text ? (
        <p className="typing" data-testid="typing-indicator">
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </p>
      ) : null}
    </div>
  );
}

export function PresenceList({ members, meId }: { members: PresenceData[]; meId: string }) {
  return (
    <ul className="presence" aria-label="In this conversation">
      {members.map((m) => (
        <li
          key={m.userId}
          data-testid="presence-member"
          data-user-id={m.userId}
          className="presence-member"
        >
          <span className="presence-dot" aria-hidden="true" />
          {m.name}
          {m.userId === meId ? ' (you)' : ''}
          <span className="muted"> · {m.role === 'customer' ? 'customer' : 'salon'}</span>
        </li>
      ))}
    </ul>
  );
}

const NEAR_BOTTOM_PX = 64;

export function ChatView({
  chat,
  me,
  canSend,
  members,
  typing,
  onTyping,
  onSent,
}: {
  chat: Chat;
  me: User;
  canSend: boolean;
  members: PresenceData[] | null;
  typing: string[];
  onTyping?: () => void;
  onSent?: () => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const [draft, setDraft] = useState('');
  const composerId = useId();
  const lastId = chat.items[chat.items.length - 1]?.id;
  const firstId = chat.items[0]?.id;
  const prev = useRef<{ firstId?: string; lastId?: string; height: number; top: number }>({
    height: 0,
    top: 0,
  });

  // Keep the reader where they are: follow new messages only when already at the bottom
  // (or when the message is ours); keep the view steady when earlier history is prepended.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const before = prev.current;
    if (before.firstId && firstId !== before.firstId && lastId === before.lastId) {
      el.scrollTop = el.scrollHeight - before.height + before.top;
    } else if (lastId !== before.lastId) {
      const last = chat.items[chat.items.length - 1];
      if (atBottom.current || !before.lastId || last?.senderId === me.id) {
        el.scrollTop = el.scrollHeight;
        setUnseen(0);
      } else setUnseen((n) => n + 1);
    }
    prev.current = { firstId, lastId, height: el.scrollHeight, top: el.scrollTop };
  });

  const onScroll = () => {
    const el = listRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    prev.current = { ...prev.current, height: el.scrollHeight, top: el.scrollTop };
    if (atBottom.current) setUnseen(0);
  };

  const submit = () => {
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    onSent?.();
    void chat.send(content);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <section className="chat card" aria-label="Conversation">
      {members ? <PresenceList members={members} meId={me.id} /> : null}
      <div className="chat-body">
        {chat.hasMore ? (
          <div className="load-earlier">
            <button
              type="button"
              className="btn btn-small btn-ghost"
              disabled={chat.loadingEarlier}
              onClick={() => void chat.loadEarlier()}
            >
              {chat.loadingEarlier ? 'Loading…' : 'Load earlier'}
            </button>
          </div>
        ) : null}
        {/* The scroller is the log; the messages inside it stay a real list. */}
        <div
          className="messages"
          ref={listRef}
          onScroll={onScroll}
          role="log"
          aria-live="polite"
          aria-label="Messages"
        >
          <ol className="message-list">
            {!chat.loaded ? <li className="muted">Loading conversation…</li> : null}
            {chat.loaded && chat.items.length === 0 ? (
              <li className="muted">No messages yet.</li>
            ) : null}
            {chat.items.map((m) => (
              <Message
                key={m.id}
                item={m}
                mine={m.senderId === me.id}
                onRetry={() => void chat.retry(m.id)}
              />
            ))}
          </ol>
        </div>
        {unseen > 0 ? (
          <button
            type="button"
            className="btn btn-small new-messages"
            onClick={() => {
              const el = listRef.current;
              if (el) el.scrollTop = el.scrollHeight;
              setUnseen(0);
            }}
          >
            {unseen === 1 ? '1 new message' : `${unseen} new messages`} ↓
          </button>
        ) : null}
      </div>
      <TypingIndicator names={typing} />
      {chat.error ? (
        <p className="form-error" role="alert">
          {chat.error}
        </p>
      ) : null}
      {canSend ? (
        <form
          className="composer"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor={composerId} className="visually-hidden">
            Message
          </label>
          <textarea
            id={composerId}
            rows={2}
            maxLength={MAX_MESSAGE_CHARS}
            aria-describedby={draft.length > COUNT_FROM ? `${composerId}-count` : undefined}
            placeholder="Write a message — Enter to send, Shift+Enter for a new line"
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              if (e.target.value) onTyping?.();
            }}
            onKeyDown={onKeyDown}
          />
          <button type="submit" className="btn btn-primary" disabled={!draft.trim()}>
            Send
          </button>
          {draft.length > COUNT_FROM ? (
            <p
              id={`${composerId}-count`}
              className={`composer-count${draft.length >= MAX_MESSAGE_CHARS ? ' full' : ''}`}
              aria-live="polite"
            >
              {draft.length >= MAX_MESSAGE_CHARS
                ? `That is the limit: ${MAX_MESSAGE_CHARS} characters`
                : `${MAX_MESSAGE_CHARS - draft.length} characters left`}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="muted chat-closed">This conversation is closed.</p>
      )}
    </section>
  );
}

function Message({ item, mine, onRetry }: { item: ChatItem; mine: boolean; onRetry: () => void }) {
  return (
    <li
      className={`msg${mine ? ' mine' : ''}${item.pending ? ` ${item.pending}` : ''}`}
      data-testid="chat-message"
      data-message-id={item.id}
    >
      <div className="msg-meta">
        <span className="msg-sender">{mine ? 'You' : item.senderName}</span>
        <time dateTime={item.timestamp}>{formatClock(item.timestamp)}</time>
      </div>
      <p className="msg-text">{item.content}</p>
      {item.pending === 'sending' ? <small className="muted">Sending…</small> : null}
      {item.pending === 'failed' ? (
        <small className="form-error inline">
          Not sent.{' '}
          <button type="button" className="linklike" onClick={onRetry}>
            Retry
          </button>
        </small>
      ) : null}
    </li>
  );
}
