import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/http';
import { SignedOutOnly } from '../../session/guards';
import { register, signIn } from '../../session/session';

function Field(props: {
  label: string;
  type: string;
  name: string;
  autoComplete: string;
  hint?: string;
  minLength?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        required
        minLength={props.minLength}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <small id={`${id}-hint`} className="hint">
          {props.hint}
        </small>
      ) : null}
    </div>
  );
}

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="centered-page">
      <div className="auth-card card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-dot" /> Glowdesk
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn({
        email: String(form.get('email') ?? '').trim(),
        password: String(form.get('password') ?? ''),
      });
      // SignedOutOnly now sends us on to ?next= or home.
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <SignedOutOnly>
      <AuthFrame title="Sign in">
        <form onSubmit={onSubmit} className="stack" noValidate={false}>
          <Field label="Email" name="email" type="email" autoComplete="username" />
          <Field label="Password" name="password" type="password" autoComplete="current-password" />
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="muted">
          New here? <Link to="/register">Create an account</Link>
        </p>
        <details className="demo-hint">
          <summary>Demo accounts</summary>
          <p>
            Password <code>glowdesk-demo</code> for every account: customers{' '}
            <code>ava@glowdesk.test</code>, <code>ben@glowdesk.test</code>; desk{' '}
            <code>rita@glowdesk.test</code>, <code>max@glowdesk.test</code>,{' '}
            <code>olivia@glowdesk.test</code>; stylists <code>mia@glowdesk.test</code>,{' '}
            <code>leo@glowdesk.test</code>, <code>zoe@glowdesk.test</code>.
          </p>
        </details>
      </AuthFrame>
    </SignedOutOnly>
  );
}

export function RegisterPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await register({
        name: String(form.get('name') ?? '').trim(),
        email: String(form.get('email') ?? '').trim(),
        password: String(form.get('password') ?? ''),
      });
      // SignedOutOnly now sends us on to ?next= or home.
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <SignedOutOnly>
      <AuthFrame title="Create your account">
        <form onSubmit={onSubmit} className="stack">
          <Field label="Name" name="name" type="text" autoComplete="name" />
          <Field label="Email" name="email" type="email" autoComplete="email" />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={8}
            hint="At least 8 characters."
          />
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Creating account…' : 'Create account'}
          </button>
        </form>
        <p className="muted">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </AuthFrame>
    </SignedOutOnly>
  );
}
