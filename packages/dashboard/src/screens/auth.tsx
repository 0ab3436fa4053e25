// Register, confirm the email code, log in.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { navigate, type Route, returnPath } from '../router.js';
import { session, type Tokens } from '../session.js';
import { Alert, Field, fieldErrors, Notice, submitWith, Title, useAction } from '../ui.js';

function AuthFrame({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <p class="brand">Chat Buddy</p>
      <Title>{title}</Title>
      {children}
    </main>
  );
}

export function Login({ route }: { route: Route }) {
  const [email, setEmail] = useState(route.params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    session.store(await api.post<Tokens>('/auth/login', { email, password }));
    navigate(returnPath(route.params.get('next')), true);
  });
  const unverified = action.error instanceof ApiError && action.error.code === 'email_not_verified';
  const errors = fieldErrors(action.error);
  return (
    <AuthFrame title="Log in">
      {route.params.get('verified') && <Notice>Your email is confirmed. You can log in now.</Notice>}
      {session.ended && <Notice>Your session has ended. Sign in again.</Notice>}
      <form noValidate onSubmit={submitWith(() => action.run())}>
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onInput={setEmail}
          error={errors.email}
          required
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          required
        />
        <Alert error={action.error} />
        {unverified && (
          <p>
            <a href={`/app/verify?email=${encodeURIComponent(email)}`}>Enter the code from your email</a>
          </p>
        )}
        <button type="submit" class="primary" disabled={action.pending}>
          {action.pending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        New here? <a href="/app/register">Create an account</a>
      </p>
    </AuthFrame>
  );
}

export function Register() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    await api.post('/auth/register', { name, email, password });
    navigate(`/verify?email=${encodeURIComponent(email.trim().toLowerCase())}`);
  });
  const errors = fieldErrors(action.error);
  return (
    <AuthFrame title="Create an account">
      <form noValidate onSubmit={submitWith(() => action.run())}>
        <Field label="Name" autoComplete="name" value={name} onInput={setName} error={errors.name} required />
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onInput={setEmail}
          error={errors.email}
          required
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          value={password}
          onInput={setPassword}
          error={errors.password}
          required
        />
        <Alert error={Object.keys(errors).length ? null : action.error} />
        <button type="submit" class="primary" disabled={action.pending}>
          {action.pending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already registered? <a href="/app/login">Log in</a>
      </p>
    </AuthFrame>
  );
}

export function Verify({ route }: { route: Route }) {
  const [email, setEmail] = useState(route.params.get('email') ?? '');
  const [otp, setOtp] = useState('');
  const [resent, setResent] = useState(false);
  const verify = useAction(async () => {
    await api.post('/auth/verify-otp', { email, otp: otp.trim() });
    navigate(`/login?verified=1&email=${encodeURIComponent(email)}`, true);
  });
  const resend = useAction(async () => {
    setResent(false);
    await api.post('/auth/resend-otp', { email });
    setResent(true);
  });
  const errors = fieldErrors(verify.error);
  return (
    <AuthFrame title="Confirm your email">
      <p>We sent a 6-digit code to your email address. It is valid for 10 minutes.</p>
      <form noValidate onSubmit={submitWith(() => verify.run())}>
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onInput={setEmail}
          error={errors.email}
          required
        />
        <Field
          label="Code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={otp}
          onInput={setOtp}
          error={errors.otp ?? (verify.error instanceof ApiError ? verify.error.message : undefined)}
          required
        />
        <button type="submit" class="primary" disabled={verify.pending}>
          {verify.pending ? 'Checking…' : 'Confirm'}
        </button>
      </form>
      <p>
        <button type="button" class="link" onClick={() => resend.run()} disabled={resend.pending}>
          Send a new code
        </button>
      </p>
      {resent && <Notice>If the address is registered, a new code is on its way.</Notice>}
      <Alert error={resend.error} />
    </AuthFrame>
  );
}
