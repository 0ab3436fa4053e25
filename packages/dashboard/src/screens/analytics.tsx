// Analytics: usage per day, answered vs "I don't know.", top unanswered, thumbs-down, lead counts.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Alert, Empty, formatDate, Title } from '../ui.js';
import type { ProjectScreenProps } from './project-shell.js';
import { type DailyUsage, fillDays, UsageChart } from './usage-chart.js';

interface Report {
  counts: { documents: number; chunks: number; conversations: number; messages: number; leads: number };
  answers: { answered: number; unanswered: number; total: number; unansweredRate: number };
  ratings: { up: number; down: number };
  curatedHits: number;
  unansweredQuestions: { question: string; count: number; lastAskedAt: string; messageId: string }[];
  thumbsDown: {
    question: string | null;
    answer: string;
    comment: string | null;
    messageId: string;
    ratedAt: string;
  }[];
}

const periods = [7, 30, 90] as const;

export function Analytics({ project }: ProjectScreenProps) {
  const [days, setDays] = useState<number>(30);
  const [report, setReport] = useState<Report | null>(null);
  const [daily, setDaily] = useState<DailyUsage[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    Promise.all([
      api.get<Report>(`/projects/${project.id}/analytics?days=${days}`),
      api.get<{ daily: DailyUsage[] }>(`/projects/${project.id}/usage?days=${days}`),
    ])
      .then(([analytics, usage]) => {
        setReport(analytics);
        setDaily(fillDays(usage.daily, days));
      })
      .catch(setError);
  }, [project.id, days]);
  const answerLink = (question: string) =>
    `/app/projects/${project.id}/answers?question=${encodeURIComponent(question)}`;
  return (
    <>
      <Title>Analytics</Title>
      <div class="field">
        <label for="analytics-days">Period</label>
        <select
          id="analytics-days"
          value={String(days)}
          onChange={(event) => setDays(Number(event.currentTarget.value))}
        >
          {periods.map((value) => (
            <option key={value} value={value}>
              Last {value} days
            </option>
          ))}
        </select>
      </div>
      <Alert error={error} />
      {!report && !error && <p aria-busy="true">Loading…</p>}
      {report && (
        <>
          <dl class="stats">
            <div>
              <dt>Answered</dt>
              <dd>{report.answers.answered}</dd>
            </div>
            <div>
              <dt>“I don't know.”</dt>
              <dd>{report.answers.unanswered}</dd>
            </div>
            <div>
              <dt>Conversations</dt>
              <dd>{report.counts.conversations}</dd>
            </div>
            <div>
              <dt>Leads</dt>
              <dd>{report.counts.leads}</dd>
            </div>
            <div>
              <dt>Thumbs up / down</dt>
              <dd>
                {report.ratings.up} / {report.ratings.down}
              </dd>
            </div>
            <div>
              <dt>Curated answers used</dt>
              <dd>{report.curatedHits}</dd>
            </div>
          </dl>
          <section class="panel" aria-labelledby="usage-heading">
            <h2 id="usage-heading">Daily usage</h2>
            <UsageChart daily={daily} />
          </section>
          <section class="panel" aria-labelledby="answered-heading">
            <h2 id="answered-heading">Answered vs “I don't know.”</h2>
            {report.answers.total === 0 ? (
              <Empty>No questions in this period.</Empty>
            ) : (
              <>
                <div class="ratio" aria-hidden="true">
                  <span style={{ width: `${(1 - report.answers.unansweredRate) * 100}%` }} />
                </div>
                <p>
                  {report.answers.answered} of {report.answers.total} questions answered (
                  {((1 - report.answers.unansweredRate) * 100).toFixed(0)} %).
                </p>
              </>
            )}
          </section>
          <section class="panel" aria-labelledby="unanswered-heading">
            <h2 id="unanswered-heading">Top unanswered questions</h2>
            {report.unansweredQuestions.length === 0 && (
              <Empty>Every question in this period got an answer.</Empty>
            )}
            <ul class="rows" aria-labelledby="unanswered-heading">
              {report.unansweredQuestions.map((item) => (
                <li key={item.messageId} class="row">
                  <div>
                    <strong>{item.question}</strong>
                    <span class="meta">
                      asked {item.count}× · last {formatDate(item.lastAskedAt)}
                    </span>
                  </div>
                  <a
                    class="button"
                    href={answerLink(item.question)}
                    aria-label={`Answer this: ${item.question}`}
                  >
                    Answer this
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section class="panel" aria-labelledby="down-heading">
            <h2 id="down-heading">Thumbs-down answers</h2>
            {report.thumbsDown.length === 0 && <Empty>No answer was rated down in this period.</Empty>}
            <ul class="rows" aria-labelledby="down-heading">
              {report.thumbsDown.map((item) => (
                <li key={item.messageId} class="row">
                  <div>
                    <strong>{item.question ?? 'Unknown question'}</strong>
                    <span class="answer-text">{item.answer}</span>
                    {item.comment && <span class="meta">Comment: “{item.comment}”</span>}
                  </div>
                  {item.question && (
                    <a
                      class="button"
                      href={answerLink(item.question)}
                      aria-label={`Answer this: ${item.question}`}
                    >
                      Answer this
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
