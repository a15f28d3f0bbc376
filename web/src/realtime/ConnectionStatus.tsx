import type { ConnectionState } from 'ably';
import { useAbly, useConnectionStateListener } from 'ably/react';
import { useState } from 'react';
import { useRealtime } from './RealtimeProvider';
import './ConnectionStatus.css';

export type IndicatorState =
  | 'connected'
  | 'connecting'
  | 'disconnected'
  | 'suspended'
  | 'failed'
  | 'off';

function toIndicator(state: ConnectionState): IndicatorState {
  switch (state) {
    case 'connected':
    case 'disconnected':
    case 'suspended':
    case 'failed':
      return state;
    case 'closed':
    case 'closing':
      return 'disconnected';
    default:
      return 'connecting';
  }
}

const LABEL: Record<IndicatorState, string> = {
  connected: 'Live',
  connecting: 'Connecting…',
  disconnected: 'Reconnecting…',
  suspended: 'Offline',
  failed: 'Live updates unavailable',
  off: 'Live updates off',
};

function Indicator({ state }: { state: IndicatorState }) {
  return (
    <span
      className={`conn conn-${state}`}
      data-testid="connection-status"
      data-state={state}
      title={LABEL[state]}
    >
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-label">{LABEL[state]}</span>
    </span>
  );
}

function LiveIndicator({ onChange }: { onChange?: (s: IndicatorState) => void }) {
  const ably = useAbly();
  const [state, setState] = useState<IndicatorState>(() => toIndicator(ably.connection.state));
  useConnectionStateListener((change) => {
    const next = toIndicator(change.current);
    setState(next);
    onChange?.(next);
  });
  return <Indicator state={state} />;
}

/** The docs/architecture.md §10 connection indicator; `off` when the deployment runs without realtime. */
export function ConnectionStatus() {
  const { client } = useRealtime();
  return client ? <LiveIndicator /> : <Indicator state="off" />;
}

/** "Live updates paused": calm, visible, only when it matters. */
export function PausedBanner() {
  const { client } = useRealtime();
  if (!client)
    return (
      <div className="paused-banner" role="status">
        Live updates paused — this page refreshes when you come back to it.
      </div>
    );
  return <LivePausedBanner />;
}

function LivePausedBanner() {
  const ably = useAbly();
  const [state, setState] = useState<IndicatorState>(() => toIndicator(ably.connection.state));
  useConnectionStateListener((change) => setState(toIndicator(change.current)));
  const paused = state === 'disconnected' || state === 'suspended' || state === 'failed';
  return (
    <div className="paused-slot" role="status" aria-live="polite">
      {paused ? (
        <div className="paused-banner">
          Live updates paused — we’re reconnecting. What you see may be a little behind.
        </div>
      ) : null}
    </div>
  );
}
