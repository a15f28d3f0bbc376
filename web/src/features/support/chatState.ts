import type { ChatMessage } from '../../../../contract/entities';

// Chat history + optimistic sends, reconciled by message id (pure, unit-tested).
// An optimistic message has a temporary id; when the POST answers, it is replaced by the
// server's message. The realtime echo of the same message (same server id) never duplicates it,
// whichever arrives first.

export interface ChatItem extends ChatMessage {
  /** Set while the message exists only on this page. */
  pending?: 'sending' | 'failed';
}

export interface ChatState {
  items: ChatItem[];
  /** Older messages exist on the server ("Load earlier"). */
  hasMore: boolean;
  /** The first page has arrived. */
  loaded: boolean;
}

export const initialChat: ChatState = { items: [], hasMore: false, loaded: false };

export type ChatAction =
  | { type: 'loaded'; messages: ChatMessage[]; hasMore: boolean }
  | { type: 'earlier'; messages: ChatMessage[]; hasMore: boolean }
  | { type: 'received'; message: ChatMessage }
  | { type: 'sending'; message: ChatItem }
  | { type: 'sent'; tempId: string; message: ChatMessage }
  | { type: 'failed'; tempId: string }
  | { type: 'retry'; tempId: string };

const byTime = (a: ChatItem, b: ChatItem) =>
  a.pending && !b.pending
    ? 1
    : !a.pending && b.pending
      ? -1
      : a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id);

function merge(items: ChatItem[], incoming: ChatMessage[]): ChatItem[] {
  const seen = new Set(items.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id));
  if (added.length === 0) return items;
  return [...items, ...added].sort(byTime);
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'loaded': {
      // A (re)load: keep optimistic items, take the server's page for the rest.
      const pending = state.items.filter((m) => m.pending);
      const older = state.loaded
        ? state.items.filter(
            (m) => !m.pending && action.messages[0] && m.timestamp < action.messages[0].timestamp,
          )
        : [];
      const items = merge([...older, ...pending], action.messages);
      return {
        items: dropEchoedPending(items),
        hasMore: state.loaded && older.length > 0 ? state.hasMore : action.hasMore,
        loaded: true,
      };
    }
    case 'earlier':
      return { ...state, items: merge(state.items, action.messages), hasMore: action.hasMore };
    case 'received': {
      if (state.items.some((m) => m.id === action.message.id)) return state;
      // The echo of our own send may beat the POST's answer: it takes the optimistic slot.
      const twin = state.items.find(
        (m) =>
          m.pending === 'sending' &&
          m.senderId === action.message.senderId &&
          m.content === action.message.content,
      );
      const items = twin
        ? state.items.map((m) => (m === twin ? { ...action.message } : m))
        : [...state.items, action.message];
      return { ...state, items: items.sort(byTime) };
    }
    case 'sending':
      return { ...state, items: [...state.items, { ...action.message, pending: 'sending' }] };
    case 'sent': {
      const alreadyThere = state.items.some((m) => m.id === action.message.id);
      const items = alreadyThere
        ? state.items.filter((m) => m.id !== action.tempId)
        : state.items.map((m) => (m.id === action.tempId ? { ...action.message } : m));
      return { ...state, items: items.sort(byTime) };
    }
    case 'failed':
      return {
        ...state,
        items: state.items.map((m) => (m.id === action.tempId ? { ...m, pending: 'failed' } : m)),
      };
    case 'retry':
      return {
        ...state,
        items: state.items.map((m) => (m.id === action.tempId ? { ...m, pending: 'sending' } : m)),
      };
  }
}

/** After a reload, an optimistic item whose server twin is now in the list goes away. */
function dropEchoedPending(items: ChatItem[]): ChatItem[] {
  const confirmed = items.filter((m) => !m.pending);
  return items.filter(
    (m) =>
      !m.pending ||
      m.pending === 'failed' ||
      !confirmed.some(
        (c) => c.senderId === m.senderId && c.content === m.content && c.timestamp >= m.timestamp,
      ),
  );
}

let tempCounter = 0;
export function tempId(): string {
  tempCounter += 1;
  return `tmp_${Date.now().toString(36)}_${tempCounter}`;
}
