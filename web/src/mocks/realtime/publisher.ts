import { type CommittedMutation, type Publish, planPublishes } from '../../../../contract';

// After a mock mutation commits, its publishes come from the API's own planner
// (`planPublishes`) and go to every registered sink: in the browser, the in-page broker
// engine and the cross-tab relay; in tests, a recorder. Fire-and-forget, like the API.

export type PublishSink = (publish: Publish) => void | Promise<void>;

const sinks = new Set<PublishSink>();

export function addPublishSink(sink: PublishSink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

export function publishMutations(mutations: readonly CommittedMutation[]): void {
  for (const mutation of mutations) {
    for (const publish of planPublishes(mutation)) {
      for (const sink of sinks) {
        try {
          Promise.resolve(sink(publish)).catch(logFailure);
        } catch (error) {
          logFailure(error);
        }
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
