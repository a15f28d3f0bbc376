import { BrokerEngine } from '../../../../broker/core';
import { MOCK_ABLY_KEY } from './config';
import type { InPageEngine } from './engineTypes';

// This tab's broker: the same protocol engine the local broker runs in Node.

let engine: BrokerEngine | null = null;

export function inPageEngine(): BrokerEngine {
  engine ??= new BrokerEngine({ keys: [{ key: MOCK_ABLY_KEY }], serverId: 'glowdesk-mock' });
  return engine;
}

/** The engine behind the narrow interface the bridge uses; publishes go out as the API's REST client would. */
export function engineAdapter(target: BrokerEngine = inPageEngine()): InPageEngine {
  return {
    openConnection: (query, headers, transport) => target.openConnection(query, headers, transport),
    publish: (channel, messages) =>
      target.publish(
        channel,
        messages.map((m) => ({ name: m.name, data: JSON.stringify(m.data), encoding: 'json' })),
      ),
  };
}
