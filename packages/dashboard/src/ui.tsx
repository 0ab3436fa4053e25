// Shared pieces: labelled fields with their errors, alerts, empty states, pagers and buttons.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.js';

let fieldCounter = 0;
function useId(prefix: string): string {
  const ref = useRef('');
  if (!ref.current) ref.current = `${prefix}-${++fieldCounter}`;
  return ref.current;
}

interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'search';
  multiline?: boolean;
  required?: boolean;
  autoComplete?: string;
  name?: string;
  inputMode?: 'numeric' | 'email' | 'text';
}

/** A labelled input; its hint and error are read with it (aria-describedby). */
export function Field(props: FieldProps) {
  const id = useId('field');
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ');
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': described || undefined,
    onInput: (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.multiline ? (
        <textarea rows={4} {...common} />
      ) : (
        <input
          // Preact types each input type separately; these five share every attribute used here.
          type={(props.type ?? 'text') as 'text'}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          {...common}
        />
      )}
      {props.error && (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A labelled choice among `options`; its error is read with it. */
export function SelectField(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const id = useId('select');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.options.map((item) => (
          <option key={item} value={item}>
            {item}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** An error in words where the failed action is; announced as it appears. */
export function Alert({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof Error ? error.message : String(error);
  return (
    <p class="alert" role="alert">
      {text}
    </p>
  );
}

/** A short success message, announced politely. */
export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The field errors of an API error, keyed by the input's path (`assistant.welcomeMessage`). */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fields : {};
}

/** Runs an action; keeps its pending state and its error for the form that started it. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setPending(true);
    setError(null);
    try {
      await action(...args);
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error, setError };
}

/** A form's submit handler: the page stays, and `run` (an action's `run`) does the work. */
export function submitWith(run: () => unknown) {
  return (event: Event) => {
    event.preventDefault();
    run();
  };
}

/** A heading that takes the focus when a screen opens, so screen readers announce it. */
export function Title({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** Copies `text`, saying so in a live region. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('Copied.');
    } catch {
      setDone('Copy failed: select the text and copy it by hand.');
    }
  };
  return (
    <span class="copy">
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span role="status">{done}</span>
    </span>
  );
}

export function formatDate(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}
