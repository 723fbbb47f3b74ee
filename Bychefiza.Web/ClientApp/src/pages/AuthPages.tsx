import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { send } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { Field, FormAlert, Loading, useSubmit } from '../components/ui';

function safeReturn(path: string | null): string {
  // Only paths inside the shop: never an absolute URL from the query string.
  return path && path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

export function SignIn() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      await signIn(email, password);
      navigate(safeReturn(params.get('returnTo')), { replace: true });
    });
  };
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert error={form.error} />
        <Field label="Email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={form.fields.email} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={form.fields.password} />
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}

export function Register() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      await send('/api/auth/register', { method: 'POST', body: { email, password, displayName } });
      setDone(true);
    });
  };
  if (done)
    return (
      <section className="narrow">
        <h1>Check your email</h1>
        <p role="status">
          We sent a link to <strong>{email}</strong>. Open it to verify your address, then <Link to="/sign-in">sign in</Link>.
        </p>
      </section>
    );
  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert error={form.error} />
        <Field label="Name" name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={form.fields.displayName} />
        <Field label="Email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={form.fields.email} />
        <Field label="Password" type="password" name="password" autoComplete="new-password" required hint="At least 10 characters." value={password} onChange={(e) => setPassword(e.target.value)} error={form.fields.password} />
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </section>
  );
}

export function VerifyEmail() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // The token leaves the address bar at once, so it is neither kept in history nor sent as a referrer.
    window.history.replaceState(null, '', '/verify-email');
    if (!token) {
      setState('failed');
      return;
    }
    send('/api/auth/verify-email', { method: 'POST', body: { token } })
      .then(() => setState('done'))
      .catch(() => setState('failed'));
  }, [token]);
  return (
    <section className="narrow">
      <h1>Verify your email</h1>
      {state === 'working' && <Loading label="Verifying…" />}
      {state === 'done' && (
        <p role="status" data-testid="verified">
          Your email address is verified. <Link to="/sign-in">Sign in</Link>
        </p>
      )}
      {state === 'failed' && (
        <p role="alert" className="error">
          This link is not valid or has expired.
        </p>
      )}
    </section>
  );
}

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      await send('/api/auth/forgot-password', { method: 'POST', body: { email } });
      setSent(true);
    });
  };
  return (
    <section className="narrow">
      <h1>Forgot your password?</h1>
      {sent ? (
        <p role="status">If an account uses {email}, a link to choose a new password is on its way.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormAlert error={form.error} />
          <Field label="Email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={form.fields.email} />
          <button type="submit" disabled={form.busy}>
            Send the link
          </button>
        </form>
      )}
    </section>
  );
}

export function ResetPassword() {
  const [params] = useSearchParams();
  const [token] = useState(() => params.get('token') ?? '');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit();
  useEffect(() => window.history.replaceState(null, '', '/reset-password'), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      await send('/api/auth/reset-password', { method: 'POST', body: { token, newPassword: password } });
      setDone(true);
    });
  };
  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      {done ? (
        <p role="status">
          Your password is changed. <Link to="/sign-in">Sign in</Link>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormAlert error={form.error ?? form.fields.token} />
          <Field label="New password" type="password" name="newPassword" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={form.fields.newPassword} />
          <button type="submit" disabled={form.busy}>
            Set the password
          </button>
        </form>
      )}
    </section>
  );
}
