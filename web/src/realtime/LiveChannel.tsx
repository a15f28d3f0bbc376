import type { ChannelStateChange, InboundMessage } from 'ably';
import { ChannelProvider, useChannel, useChannelStateListener } from 'ably/react';
import { useEffect, useRef } from 'react';
import type { EventData, EventName } from '../../../contract/events';
import { useRealtime } from './RealtimeProvider';

/** A validated event: the name and its contract-typed payload. */
export type LiveEvent = { [N in EventName]: { name: N; data: EventData<N> } }[EventName];

export type ResyncReason = 'attached' | 'reattached';

type Validator = typeof import('./validate');
let validator: Promise<Validator> | null = null;
/** The contract's event schemas (zod), loaded once, lazily. */
export function loadValidator(): Promise<Validator> {
  validator ??= import('./validate');
  return validator;
}

/**
 * Validates an Ably message against the contract and hands it on. Every call chains on the
 * same promise, so events keep their order while the schemas load.
 */
export function whenValid(
  message: Pick<InboundMessage, 'name' | 'data'>,
  handle: (event: LiveEvent) => void,
): void {
  void loadValidator().then(({ parseEvent }) => {
    const event = toLiveEvent(parseEvent, message);
    if (event) handle(event);
  });
}

/** Turns an Ably message into a validated event, or null (unknown name, bad payload). */
export function toLiveEvent(
  parseEvent: Validator['parseEvent'],
  message: Pick<InboundMessage, 'name' | 'data'>,
): LiveEvent | null {
  if (!message.name) return null;
  const data = parseEvent(message.name, message.data);
  if (data === null) {
    console.warn(`Ignoring malformed realtime event "${message.name}"`);
    return null;
  }
  return { name: message.name, data } as LiveEvent;
}

/**
 * Decides when a channel's state change means "you may have missed messages": the first
 * attach (anything between our fetch and the attach) and any later attach or update that is
 * not `resumed` (the broker could not replay what we missed). Pure, for tests.
 */
export function resyncReason(
  change: Pick<ChannelStateChange, 'current' | 'resumed'>,
  attachedBefore: boolean,
): ResyncReason | null {
  if (change.current !== 'attached') return null;
  if (!attachedBefore) return 'attached';
  return change.resumed ? null : 'reattached';
}

/** Calls `onResync` when the channel (re-)attaches without continuity. Inside a ChannelProvider. */
export function useResyncOnReattach(
  channelName: string,
  onResync?: (reason: ResyncReason) => void,
) {
  const attachedBefore = useRef(false);
  const callback = useRef(onResync);
  useEffect(() => {
    callback.current = onResync;
  }, [onResync]);
  useChannelStateListener(channelName, (change: ChannelStateChange) => {
    const reason = resyncReason(change, attachedBefore.current);
    if (change.current === 'attached') attachedBefore.current = true;
    if (reason) callback.current?.(reason);
  });
}

interface LiveChannelProps {
  channel: string;
  onEvent: (event: LiveEvent) => void;
  /** Refetch what this channel keeps fresh: called on attach and on re-attach without resume. */
  onResync?: (reason: ResyncReason) => void;
}

function Subscriber({ channel, onEvent, onResync }: LiveChannelProps) {
  useChannel(channel, (message) => whenValid(message, onEvent));
  useResyncOnReattach(channel, onResync);
  return null;
}

/**
 * Subscribes to one channel while mounted (ChannelProvider + useChannel). Renders nothing; with
 * realtime off it does nothing at all.
 */
export function LiveChannel(props: LiveChannelProps) {
  const { client } = useRealtime();
  if (!client) return null;
  return (
    <ChannelProvider key={props.channel} channelName={props.channel}>
      <Subscriber {...props} />
    </ChannelProvider>
  );
}
