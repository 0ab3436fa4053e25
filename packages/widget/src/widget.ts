import { ApiClient, ApiError } from './api.js';
import type { WidgetConfig } from './config.js';
import { appendError, appendMessage, fillAnswer } from './messages.js';
import { explain, Session } from './session.js';
import { loadConversation, type StoredMessage, saveConversation, storageKey } from './store.js';
import { buildView, element, trapFocus, type View } from './view.js';

/** Mounts the widget: launcher, panel, conversation restored from storage. */
export function mountWidget(config: WidgetConfig): View {
  const { strings } = config;
  const view = buildView(config);
  const key = storageKey(config.apiUrl, config.apiKey);
  const conversation = loadConversation(key);
  const session = new Session(new ApiClient(config.apiUrl, config.apiKey), conversation, () =>
    saveConversation(key, conversation),
  );
  const rate = (message: StoredMessage, rating: 'up' | 'down') => session.rate(message, rating);
  // When the session's start asked something, its greeting (stored) stands in for the welcome.
  const welcome = conversation.askedFirst
    ? null
    : appendMessage(view.log, { role: 'assistant', text: config.welcome }, strings);
  let busy = false;
  let started = false;
  /** The session's start while it runs (opening the panel starts it). */
  let starting: Promise<void> | null = null;
  /** The visitor sent a message while the session was starting: it goes once it has started. */
  let sendWhenStarted = false;

  const remember = (message: StoredMessage) => {
    conversation.messages.push(message);
    saveConversation(key, conversation);
  };
  const setBusy = (value: boolean) => {
    busy = value;
    view.send.disabled = value || conversation.limitReached;
  };
  /** The answers are used up: a notice says so, and the box it describes takes no more messages. */
  const showLimit = () => {
    appendError(view.log, strings.leadLimit, strings).id = 'chatbuddy-limit';
    view.input.setAttribute('aria-describedby', 'chatbuddy-limit');
  };
  const refreshControls = () => {
    const closed = conversation.limitReached;
    // Focus leaves the box before it is disabled, so it is not lost to the page.
    if (closed && view.root.activeElement === view.input) view.log.focus();
    view.input.disabled = closed;
    view.send.disabled = busy || closed;
    const awaitingCode = session.state === 'awaiting_otp';
    view.inputLabel.textContent = awaitingCode ? strings.codeLabel : strings.inputLabel;
    view.input.inputMode = awaitingCode ? 'numeric' : 'text';
    view.input.placeholder = awaitingCode ? strings.codeLabel : config.placeholder;
    if (awaitingCode) view.input.autocomplete = 'one-time-code';
    else view.input.removeAttribute('autocomplete');
    view.starters.replaceChildren();
    if (awaitingCode) {
      const resend = element('button', 'action', strings.resend);
      resend.type = 'button';
      resend.addEventListener('click', () => run(async () => appendAnswer(await session.resend())));
      view.starters.appendChild(resend);
    } else if (!closed && !conversation.messages.some((message) => message.role === 'user')) {
      for (const question of config.starters) {
        const button = element('button', undefined, question);
        button.type = 'button';
        button.addEventListener('click', () => submit(question));
        view.starters.appendChild(button);
      }
    }
  };
  const appendAnswer = (message: StoredMessage) => {
    remember(message);
    appendMessage(view.log, message, strings, rate);
  };
  /** Runs a call with the plain-message error handling; a 410 starts a new session. */
  async function run(action: () => Promise<void>, retry?: () => void): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) {
        session.reset();
        appendMessage(view.log, { role: 'notice', text: strings.expired }, strings);
        setBusy(false);
        started = false;
        await begin();
        return;
      }
      if (error instanceof ApiError && error.code === 'lead_message_limit_reached') {
        session.reachLimit();
        return showLimit();
      }
      const { text, retry: canRetry } = explain(error, strings);
      const again = retry ?? (() => run(action));
      // The retry button goes away once pressed: focus moves to the box, never lost to the page.
      const retryAndFocus = () => {
        view.input.focus();
        again();
      };
      appendError(view.log, text, strings, canRetry ? retryAndFocus : undefined);
    } finally {
      setBusy(false);
      refreshControls();
    }
  }
  async function begin(): Promise<void> {
    if (started || !config.apiKey) return;
    started = true;
    const start = run(
      async () => {
        const reply = await session.start();
        // The lead flow's greeting asks the visitor's name: it replaces the generic welcome.
        if (!reply) return;
        welcome?.remove();
        appendAnswer({ role: 'assistant', text: reply });
      },
      () => {
        started = false;
        void begin();
      },
    );
    starting = start;
    await start;
    if (starting === start) starting = null;
    if (!sendWhenStarted) return;
    sendWhenStarted = false;
    // Only into a session that is ready for questions: when the start asked something (the
    // visitor's name), the text stays in the box for the visitor to read the question first.
    if (session.state === 'ready') submit(view.input.value);
  }
  function submit(text: string): void {
    const message = text.trim();
    if (!message || !config.apiKey || conversation.limitReached) return;
    if (busy) {
      // Typed before the session had started (a fast visitor, a slow network): not dropped.
      if (starting) sendWhenStarted = true;
      return;
    }
    view.input.value = '';
    const awaitingCode = session.state === 'awaiting_otp';
    remember({ role: 'user', text: message });
    appendMessage(view.log, { role: 'user', text: message }, strings);
    const ask = async () => {
      if (!conversation.sessionId) await session.start();
      if (awaitingCode) return appendAnswer(await session.verify(message));
      const bubble = appendMessage(view.log, { role: 'assistant', text: strings.thinking }, strings);
      bubble.setAttribute('aria-busy', 'true');
      let streamed = '';
      try {
        const answer = await session.ask(message, (token) => {
          streamed += token;
          bubble.textContent = streamed;
          view.log.scrollTop = view.log.scrollHeight;
        });
        bubble.removeAttribute('aria-busy');
        remember(answer);
        fillAnswer(bubble, answer, strings, rate);
      } catch (error) {
        bubble.remove();
        throw error;
      }
    };
    void run(ask);
  }

  for (const message of conversation.messages) appendMessage(view.log, message, strings, rate);
  if (conversation.limitReached) showLimit();
  if (!config.apiKey) appendError(view.log, strings.missingKey, strings);
  refreshControls();

  const open = (focus: boolean) => {
    view.panel.hidden = false;
    view.launcher.setAttribute('aria-expanded', 'true');
    view.launcher.setAttribute('aria-label', strings.close);
    if (focus) view.input.focus();
    void begin();
  };
  const close = () => {
    view.panel.hidden = true;
    view.launcher.setAttribute('aria-expanded', 'false');
    view.launcher.setAttribute('aria-label', strings.launcher);
    view.launcher.focus();
  };
  view.launcher.addEventListener('click', () => (view.panel.hidden ? open(true) : close()));
  view.close.addEventListener('click', close);
  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(view.input.value);
  });
  view.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit(view.input.value);
    }
  });
  trapFocus(view, close);
  if (config.open) open(false);
  return view;
}
