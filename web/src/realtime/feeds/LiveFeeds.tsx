import { LiveChannel, type LiveEvent, type ResyncReason } from '../LiveChannel';

/** One always-on channel of a feed: what to do with its events, what to refetch on resync. */
export interface Feed {
  channel: string;
  onEvent: (event: LiveEvent) => void;
  onResync: (reason: ResyncReason) => void;
}

/** Subscribes to every channel of the given feeds while mounted; renders nothing. */
export function LiveFeeds({ feeds }: { feeds: readonly Feed[] }) {
  return feeds.map((feed) => (
    <LiveChannel
      key={feed.channel}
      channel={feed.channel}
      onEvent={feed.onEvent}
      onResync={feed.onResync}
    />
  ));
}
