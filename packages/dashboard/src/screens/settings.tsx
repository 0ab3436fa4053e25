// Project settings: provider and model, token budget, assistant texts, lead capture, origins.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { type ProjectView, providers } from '../project-types.js';
import { navigate } from '../router.js';
import { Alert, Field, fieldErrors, Notice, SelectField, submitWith, Title, useAction } from '../ui.js';
import type { ProjectScreenProps } from './project-shell.js';

function formOf(project: ProjectView) {
  return {
    name: project.name,
    modelProvider: project.modelProvider as string,
    model: project.modelConfig.model ?? '',
    tokenLimit: project.tokenLimit === null ? '' : String(project.tokenLimit),
    tokenLimitPeriod: project.tokenLimitPeriod as string,
    systemPrompt: project.systemPrompt ?? '',
    title: project.assistant.title ?? '',
    welcomeMessage: project.assistant.welcomeMessage ?? '',
    leadCapture: project.assistant.leadCapture,
    privacyNoticeUrl: project.assistant.privacyNoticeUrl ?? '',
    leadWebhookUrl: project.assistant.leadWebhookUrl ?? '',
    leadWebhookSecret: '',
    allowedOrigins: project.allowedOrigins.join('\n'),
  };
}

export function Settings({ project, onChange }: ProjectScreenProps) {
  const [form, setForm] = useState(() => formOf(project));
  const [saved, setSaved] = useState(false);
  const set = (key: keyof typeof form) => (value: string | boolean) => {
    setSaved(false);
    setForm({ ...form, [key]: value });
  };
  const save = useAction(async () => {
    const text = (value: string) => value.trim() || undefined;
    const updated = await api.patch<ProjectView>(`/projects/${project.id}`, {
      name: form.name,
      modelProvider: form.modelProvider,
      // Model config and assistant settings are merged by the server: null removes a member.
      modelConfig: { model: text(form.model) ?? null },
      tokenLimit: form.tokenLimit.trim() === '' ? null : Number(form.tokenLimit),
      tokenLimitPeriod: form.tokenLimitPeriod,
      systemPrompt: text(form.systemPrompt) ?? null,
      assistant: {
        leadCapture: form.leadCapture,
        title: text(form.title) ?? null,
        welcomeMessage: text(form.welcomeMessage) ?? null,
        privacyNoticeUrl: text(form.privacyNoticeUrl) ?? null,
        leadWebhookUrl: text(form.leadWebhookUrl) ?? null,
        // Left empty, the stored secret stays.
        leadWebhookSecret: text(form.leadWebhookSecret),
      },
      allowedOrigins: form.allowedOrigins
        .split(/[\s,]+/)
        .map((origin) => origin.trim())
        .filter(Boolean),
    });
    onChange(updated);
    setForm(formOf(updated));
    setSaved(true);
  });
  const remove = useAction(async () => {
    if (!confirm(`Delete “${project.name}” with all its documents, conversations and leads?`)) return;
    await api.delete(`/projects/${project.id}`);
    navigate('/');
  });
  const errors = fieldErrors(save.error);
  const originError = Object.entries(errors).find(([path]) => path.startsWith('allowedOrigins'))?.[1];
  return (
    <>
      <Title>Settings</Title>
      <form noValidate class="panel" onSubmit={submitWith(() => save.run())}>
        <fieldset>
          <legend>Model</legend>
          <Field label="Project name" value={form.name} onInput={set('name')} error={errors.name} required />
          <SelectField
            label="Provider"
            value={form.modelProvider}
            options={providers}
            onChange={set('modelProvider')}
            error={errors.modelProvider}
          />
          <Field
            label="Model"
            hint="Empty: the provider's default model."
            value={form.model}
            onInput={set('model')}
            error={errors['modelConfig.model']}
          />
          <Field
            label="System prompt"
            multiline
            value={form.systemPrompt}
            onInput={set('systemPrompt')}
            error={errors.systemPrompt}
          />
        </fieldset>
        <fieldset>
          <legend>Token budget</legend>
          <Field
            label="Token limit"
            inputMode="numeric"
            hint="Empty: no limit."
            value={form.tokenLimit}
            onInput={set('tokenLimit')}
            error={errors.tokenLimit}
          />
          <div class="field">
            <label for="settings-period">Budget period</label>
            <select
              id="settings-period"
              value={form.tokenLimitPeriod}
              onChange={(event) => set('tokenLimitPeriod')(event.currentTarget.value)}
            >
              <option value="month">Per calendar month</option>
              <option value="lifetime">For the project's lifetime</option>
            </select>
          </div>
          <p class="hint">{project.tokensUsed.toLocaleString('en-GB')} tokens used so far.</p>
        </fieldset>
        <fieldset>
          <legend>Assistant</legend>
          <Field
            label="Assistant title"
            value={form.title}
            onInput={set('title')}
            error={errors['assistant.title']}
          />
          <Field
            label="Welcome text"
            multiline
            value={form.welcomeMessage}
            onInput={set('welcomeMessage')}
            error={errors['assistant.welcomeMessage']}
          />
          <div class="field checkbox">
            <input
              id="settings-leads"
              type="checkbox"
              checked={form.leadCapture}
              onChange={(event) => set('leadCapture')(event.currentTarget.checked)}
            />
            <label for="settings-leads">
              Ask visitors for their name and a verified email before chatting (lead capture)
            </label>
          </div>
          <Field
            label="Privacy notice URL"
            type="url"
            hint="Shown to visitors when lead capture asks for their email."
            value={form.privacyNoticeUrl}
            onInput={set('privacyNoticeUrl')}
            error={errors['assistant.privacyNoticeUrl']}
          />
          <Field
            label="Lead webhook URL"
            type="url"
            hint="Optional: verified leads are posted here, signed."
            value={form.leadWebhookUrl}
            onInput={set('leadWebhookUrl')}
            error={errors['assistant.leadWebhookUrl']}
          />
          {form.leadWebhookUrl.trim() && (
            <Field
              label="Lead webhook secret"
              type="password"
              hint="At least 24 characters; needed again whenever settings are saved."
              value={form.leadWebhookSecret}
              onInput={set('leadWebhookSecret')}
              error={errors['assistant.leadWebhookSecret']}
            />
          )}
        </fieldset>
        <fieldset>
          <legend>Allowed origins</legend>
          <Field
            label="Origins allowed to use the publishable key"
            multiline
            hint="One per line, like https://shop.example.com. Empty: any site."
            value={form.allowedOrigins}
            onInput={set('allowedOrigins')}
            error={originError}
          />
        </fieldset>
        <Alert
          error={
            Object.keys(errors).length ? 'Some settings need fixing: see the messages above.' : save.error
          }
        />
        {saved && <Notice>Settings saved.</Notice>}
        <button type="submit" class="primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save settings'}
        </button>
      </form>
      <section class="panel danger" aria-labelledby="danger-zone">
        <h2 id="danger-zone">Delete the project</h2>
        <p>Removes its documents, vectors, conversations, usage and leads. This cannot be undone.</p>
        <Alert error={remove.error} />
        <button type="button" class="danger" onClick={() => remove.run()} disabled={remove.pending}>
          Delete project
        </button>
      </section>
    </>
  );
}
