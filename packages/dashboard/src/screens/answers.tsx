// Curated answers: create, edit, delete, CSV import and export; "answer this" arrives with ?question=.
import { useState } from 'preact/hooks';
import { ApiError, api, call, download, query, type Page } from '../api.js';
import { Pager, usePaged } from '../paging.js';
import type { Route } from '../router.js';
import { Alert, Empty, Field, fieldErrors, Notice, submitWith, Title, useAction } from '../ui.js';
import type { ProjectScreenProps } from './project-shell.js';

interface CuratedAnswer {
  id: string;
  question: string;
  answer: string;
  alternativeQuestions: string[];
}

const blank = { id: '', question: '', answer: '', alternatives: '' };

export function Answers({ project, route }: ProjectScreenProps & { route: Route }) {
  const [form, setForm] = useState(() => ({ ...blank, question: route.params.get('question') ?? '' }));
  const [notice, setNotice] = useState('');
  const paged = usePaged<CuratedAnswer>(
    (cursor) =>
      api.get<Page<CuratedAnswer>>(`/projects/${project.id}/answers${query({ limit: 20, cursor })}`),
    [project.id],
  );
  const save = useAction(async () => {
    const body = {
      question: form.question,
      answer: form.answer,
      alternativeQuestions: form.alternatives
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    };
    if (form.id) await api.patch(`/projects/${project.id}/answers/${form.id}`, body);
    else await api.post(`/projects/${project.id}/answers`, body);
    setNotice(
      form.id ? 'The answer was updated.' : 'The answer was added: the assistant uses it from now on.',
    );
    setForm(blank);
    paged.reload();
  });
  const importing = useAction(async (file: File) => {
    const result = await call<{ imported: number }>(
      'POST',
      `/projects/${project.id}/answers/import`,
      await file.text(),
      'text/csv',
    );
    setNotice(`${result.imported} answers imported.`);
    paged.reload();
  });
  const exporting = useAction(() => download(`/projects/${project.id}/answers.csv`, 'curated-answers.csv'));
  const remove = useAction(async (item: CuratedAnswer) => {
    if (!confirm(`Delete the answer to “${item.question}”?`)) return;
    await api.delete(`/projects/${project.id}/answers/${item.id}`);
    setNotice('The answer was deleted.');
    paged.reload();
  });
  const errors = fieldErrors(save.error);
  const importIssues = importing.error instanceof ApiError ? Object.entries(importing.error.fields) : [];
  return (
    <>
      <Title>Curated answers</Title>
      <p>
        A curated answer is given word for word when a visitor asks its question (or one of its phrasings).
      </p>
      <form noValidate class="panel" aria-labelledby="answer-form" onSubmit={submitWith(() => save.run())}>
        <h2 id="answer-form">{form.id ? 'Edit the answer' : 'New answer'}</h2>
        <Field
          label="Question"
          value={form.question}
          onInput={(question) => setForm({ ...form, question })}
          error={errors.question}
          required
        />
        <Field
          label="Answer"
          multiline
          value={form.answer}
          onInput={(answer) => setForm({ ...form, answer })}
          error={errors.answer}
          required
        />
        <Field
          label="Other phrasings of the question"
          hint="One per line (optional)."
          multiline
          value={form.alternatives}
          onInput={(alternatives) => setForm({ ...form, alternatives })}
          error={Object.entries(errors).find(([path]) => path.startsWith('alternativeQuestions'))?.[1]}
        />
        <Alert error={Object.keys(errors).length ? null : save.error} />
        <button type="submit" class="primary" disabled={save.pending}>
          {form.id ? 'Save the answer' : 'Add the answer'}
        </button>
        {form.id && (
          <button type="button" onClick={() => setForm(blank)}>
            Cancel editing
          </button>
        )}
      </form>
      {notice && <Notice>{notice}</Notice>}
      <div class="filters">
        <input
          id="answers-import"
          class="visually-hidden"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) importing.run(file);
          }}
        />
        <label class="button" for="answers-import">
          Import CSV
        </label>
        <button type="button" onClick={() => exporting.run()}>
          Export CSV
        </button>
      </div>
      <p class="hint">
        CSV columns: question, answer, alternative_questions (separated by |). An import adds every row or
        none.
      </p>
      <Alert error={importing.error} />
      {importIssues.length > 0 && (
        <ul class="error">
          {importIssues.map(([path, message]) => (
            <li key={path}>
              Row {path}: {message}
            </li>
          ))}
        </ul>
      )}
      <Alert error={exporting.error ?? remove.error ?? paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && (
        <Empty>
          No curated answers yet. Add one above, or use “Answer this” on an unanswered question in Analytics.
        </Empty>
      )}
      <ul class="rows" aria-label="Curated answers">
        {paged.items.map((item) => (
          <li key={item.id} class="row">
            <div>
              <strong>{item.question}</strong>
              <span class="answer-text">{item.answer}</span>
              {item.alternativeQuestions.length > 0 && (
                <span class="meta">Also: {item.alternativeQuestions.join(' · ')}</span>
              )}
            </div>
            <div class="actions">
              <button
                type="button"
                aria-label={`Edit the answer to ${item.question}`}
                onClick={() =>
                  setForm({
                    id: item.id,
                    question: item.question,
                    answer: item.answer,
                    alternatives: item.alternativeQuestions.join('\n'),
                  })
                }
              >
                Edit
              </button>
              <button
                type="button"
                class="danger"
                aria-label={`Delete the answer to ${item.question}`}
                onClick={() => remove.run(item)}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Curated answers" />
    </>
  );
}
