import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../contract/entities';
import { type ChatState, chatReducer, initialChat } from './chatState';

const msg = (id: string, content: string, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  sessionId: 'tk_1',
  senderId: 'u_ava',
  senderName: 'Ava',
  senderRole: 'customer',
  content,
  timestamp: `2030-01-01T09:00:0${id.slice(-1)}.000Z`,
  ...over,
});

const loaded = (messages: ChatMessage[], hasMore = false): ChatState =>
  chatReducer(initialChat, { type: 'loaded', messages, hasMore });

describe('chat reconciliation', () => {
  it('replaces the optimistic message by the server one when the POST answers, then ignores the echo', () => {
    let s = loaded([msg('m_1', 'hello')]);
    s = chatReducer(s, {
      type: 'sending',
      message: { ...msg('tmp_1', 'is 3pm ok?'), timestamp: '2030-01-01T09:00:05.000Z' },
    });
    expect(s.items.map((m) => [m.id, m.pending])).toEqual([
      ['m_1', undefined],
      ['tmp_1', 'sending'],
    ]);
    s = chatReducer(s, { type: 'sent', tempId: 'tmp_1', message: msg('m_2', 'is 3pm ok?') });
    expect(s.items.map((m) => m.id)).toEqual(['m_1', 'm_2']);
    expect(s.items[1]?.pending).toBeUndefined();
    const echoed = chatReducer(s, { type: 'received', message: msg('m_2', 'is 3pm ok?') });
    expect(echoed).toBe(s);
  });

  it('takes the echo in place of the optimistic message when it arrives before the POST answer', () => {
    let s = loaded([]);
    s = chatReducer(s, { type: 'sending', message: msg('tmp_1', 'hi there') });
    s = chatReducer(s, { type: 'received', message: msg('m_7', 'hi there') });
    expect(s.items.map((m) => m.id)).toEqual(['m_7']);
    s = chatReducer(s, { type: 'sent', tempId: 'tmp_1', message: msg('m_7', 'hi there') });
    expect(s.items.map((m) => m.id)).toEqual(['m_7']);
  });

  it('appends messages from others, once', () => {
    let s = loaded([msg('m_1', 'hello')]);
    const rita = msg('m_2', 'Hi Ava!', {
      senderId: 'u_rita',
      senderName: 'Rita',
      senderRole: 'receptionist',
    });
    s = chatReducer(s, { type: 'received', message: rita });
    s = chatReducer(s, { type: 'received', message: rita });
    expect(s.items.map((m) => m.id)).toEqual(['m_1', 'm_2']);
  });

  it('marks a failed send and can retry it', () => {
    let s = loaded([]);
    s = chatReducer(s, { type: 'sending', message: msg('tmp_1', 'x') });
    s = chatReducer(s, { type: 'failed', tempId: 'tmp_1' });
    expect(s.items[0]?.pending).toBe('failed');
    s = chatReducer(s, { type: 'retry', tempId: 'tmp_1' });
    expect(s.items[0]?.pending).toBe('sending');
  });

  it('prepends earlier history without duplicates and tracks hasMore', () => {
    let s = loaded([msg('m_5', 'e'), msg('m_6', 'f')], true);
    expect(s.hasMore).toBe(true);
    s = chatReducer(s, {
      type: 'earlier',
      messages: [msg('m_3', 'c'), msg('m_4', 'd'), msg('m_5', 'e')],
      hasMore: false,
    });
    expect(s.items.map((m) => m.id)).toEqual(['m_3', 'm_4', 'm_5', 'm_6']);
    expect(s.hasMore).toBe(false);
  });

  it('a reload keeps earlier pages and pending sends', () => {
    let s = loaded([msg('m_5', 'e')], true);
    s = chatReducer(s, { type: 'earlier', messages: [msg('m_3', 'c')], hasMore: false });
    s = chatReducer(s, {
      type: 'sending',
      message: { ...msg('tmp_1', 'new'), timestamp: '2030-01-01T09:00:09.000Z' },
    });
    s = chatReducer(s, {
      type: 'loaded',
      messages: [msg('m_5', 'e'), msg('m_6', 'f')],
      hasMore: true,
    });
    expect(s.items.map((m) => m.id)).toEqual(['m_3', 'm_5', 'm_6', 'tmp_1']);
    expect(s.hasMore).toBe(false);
  });
});
