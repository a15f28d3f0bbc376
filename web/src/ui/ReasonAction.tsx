import { useId, useState } from 'react';

/** The longest reason the desk can give (the customer reads it on the card and in the alert). */
const MAX_REASON = 500;

/**
 * A desk action that tells the customer why (decline, cancel): the first click asks for an
 * optional reason, the second sends. Escape or "Keep" backs out.
 */
export function ReasonAction({
  label,
  confirmLabel,
  busy,
  onConfirm,
  className = 'btn',
}: {
  label: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: (reason: string | undefined) => void;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const id = useId();
  if (!asking) {
    return (
      <button type="button" className={className} disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const send = () => onConfirm(reason.trim() || undefined);
  return (
    <form
      className="reason-form"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <label htmlFor={id}>Reason for the customer (optional)</label>
      <input
        id={id}
        // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it
        autoFocus
        value={reason}
        maxLength={MAX_REASON}
        onChange={(e) => setReason(e.target.value)}
      />
      {reason.length > MAX_REASON - 50 ? (
        <span className="muted field-count">
          {reason.length}/{MAX_REASON}
        </span>
      ) : null}
      <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setAsking(false)}>
        Keep
      </button>
    </form>
  );
}
