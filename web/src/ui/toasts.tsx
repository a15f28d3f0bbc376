import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import './toasts.css';

// Toasts for things that happen off-screen ("your booking was confirmed" while on another page).

export interface Toast {
  id: number;
  text: string;
  href?: string;
  tone: 'info' | 'success' | 'warning';
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

export function toast(text: string, options: { href?: string; tone?: Toast['tone'] } = {}): void {
  const item: Toast = {
    id: nextId++,
    text,
    tone: options.tone ?? 'info',
    ...(options.href ? { href: options.href } : {}),
  };
  toasts = [...toasts.slice(-3), item];
  emit();
  setTimeout(() => dismiss(item.id), 7000);
}

export function dismiss(id: number): void {
  const before = toasts.length;
  toasts = toasts.filter((t) => t.id !== id);
  if (toasts.length !== before) emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function ToastViewport() {
  const items = useSyncExternalStore(subscribe, () => toasts);
  return (
    <section className="toasts" aria-live="polite" aria-label="Live updates">
      {items.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role="status">
          <span>
            {t.href ? (
              <Link to={t.href} onClick={() => dismiss(t.id)}>
                {t.text}
              </Link>
            ) : (
              t.text
            )}
          </span>
          <button
            type="button"
            className="toast-close"
            aria-label="Dismiss notification"
            onClick={() => dismiss(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
