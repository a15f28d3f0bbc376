import type { Publish } from '../../../../contract';

// After a mock mutation commits, what the domain planned to publish (the same planner as the
// API's, stored through the store port's outbox) goes to every registered sink: in the
// browser, the in-page broker engine and the cross-tab relay; in tests, a recorder.

export type PublishSink = (publish: Publish) => void | Promise<void>;

const sinks = new Set<PublishSink>();

export function addPublishSink(sink: PublishSink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

export function deliverPublishes(publishes: readonly Publish[]): void {
  for (const publish of publishes) {
    for (const sink of sinks) {
      try {
        Promise.resolve(sink(publish)).catch(logFailure);
      } catch (error) {
        logFailure(error);
      }
    }
  }
}

function logFailure(error: unknown): void {
  console.warn('[glowdesk mock] realtime publish failed', error);
}

/** Tests: collect what would have been published until `stop()`. */
export function recordPublishes(): { published: Publish[]; stop: () => void } {
  const published: Publish[] = [];
  const stop = addPublishSink((p) => {
    published.push(p);
  });
  return { published, stop };
}
