import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ChatMessage, User } from '../../../../contract/entities';
import { api, errorMessage } from '../../lib/api';
import { type ChatItem, chatReducer, initialChat, tempId } from './chatState';

export interface Chat {
  items: ChatItem[];
  hasMore: boolean;
  loaded: boolean;
  error: string | null;
  loadingEarlier: boolean;
  send: (content: string) => Promise<void>;
  retry: (tempId: string) => Promise<void>;
  receive: (message: ChatMessage) => void;
  reload: () => void;
  loadEarlier: () => Promise<void>;
}

/** A conversation's messages: first page, "Load earlier", optimistic sends, realtime receives. */
export function useChat(ticketId: string, me: User, pageSize = 50): Chat {
  const [state, dispatch] = useReducer(chatReducer, initialChat);
  const errorRef = useRef<string | null>(null);
  const [, force] = useReducer((n: number) => n + 1, 0);
  const loadingEarlier = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;

  const setError = useCallback((e: string | null) => {
    errorRef.current = e;
    force();
  }, []);

  const reload = useCallback(() => {
    api.messages(ticketId, { limit: pageSize }).then(
      (page) => {
        setError(null);
        dispatch({ type: 'loaded', messages: page.messages, hasMore: page.hasMore });
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [ticketId, pageSize, setError]);

  useEffect(() => {
    reload();
  }, [reload]);

  const loadEarlier = useCallback(async () => {
    const oldest = stateRef.current.items.find((m) => !m.pending);
    if (!oldest || loadingEarlier.current) return;
    loadingEarlier.current = true;
    force();
    try {
      const page = await api.messages(ticketId, { before: oldest.id, limit: pageSize });
      dispatch({ type: 'earlier', messages: page.messages, hasMore: page.hasMore });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      loadingEarlier.current = false;
      force();
    }
  }, [ticketId, pageSize, setError]);

  const post = useCallback(
    async (id: string, content: string) => {
      try {
        const message = await api.sendMessage(ticketId, content);
        dispatch({ type: 'sent', tempId: id, message });
      } catch (e) {
        dispatch({ type: 'failed', tempId: id });
        setError(errorMessage(e));
      }
    },
    [ticketId, setError],
  );

  const send = useCallback(
    async (content: string) => {
      const id = tempId();
      dispatch({
        type: 'sending',
        message: {
          id,
          sessionId: ticketId,
          senderId: me.id,
          senderName: me.name,
          senderRole: me.role,
          content,
          timestamp: new Date().toISOString(),
        },
      });
      await post(id, content);
    },
    [ticketId, me, post],
  );

  const retry = useCallback(
    async (id: string) => {
      const item = stateRef.current.items.find((m) => m.id === id);
      if (!item) return;
      dispatch({ type: 'retry', tempId: id });
      setError(null);
      await post(id, item.content);
    },
    [post, setError],
  );

  const receive = useCallback(
    (message: ChatMessage) => dispatch({ type: 'received', message }),
    [],
  );

  return {
    items: state.items,
    hasMore: state.hasMore,
    loaded: state.loaded,
    error: errorRef.current,
    loadingEarlier: loadingEarlier.current,
    send,
    retry,
    receive,
    reload,
    loadEarlier,
  };
}
