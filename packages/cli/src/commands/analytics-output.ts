import type { AnalyticsReport } from '@chatbuddy/core';
import { alignedTable } from '../io.js';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const quoted = (text: string, max = 70) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

function describeLeadNotifications({ delivered, failed, lastFailure }: AnalyticsReport['leadNotifications']) {
  const line = `Lead notification webhooks: ${delivered} delivered, ${failed} failed`;
  if (!lastFailure) return line;
  const reason = [
    lastFailure.responseStatus === null ? null : `HTTP ${lastFailure.responseStatus}`,
    lastFailure.error,
  ]
    .filter((part, index, parts) => part !== null && parts.indexOf(part) === index)
    .join(', ');
  return `${line}; last failure ${lastFailure.at} (${reason || 'no reason recorded'})`;
}

/** The analytics report as readable text: the same facts as `--json`, in sections. */
export function describeAnalytics(report: AnalyticsReport): string {
  const { counts, answers, tokenBudget: budget, usage } = report;
  const lines = [
    `Analytics of project ${report.projectId}, ${report.since.slice(0, 10)} to ${report.until.slice(0, 10)} (UTC)`,
    '',
    `Documents ${counts.documents}, chunks ${counts.chunks}, conversations ${counts.conversations}, ` +
      `messages ${counts.messages}, leads ${counts.leads}`,
    `Answers ${answers.total}: answered ${answers.answered}, "I don't know." ${answers.unanswered} ` +
      `(${percent(answers.unansweredRate)} unanswered)`,
    `Ratings: ${report.ratings.up} up, ${report.ratings.down} down; curated-answer hits ${report.curatedHits}`,
    describeLeadNotifications(report.leadNotifications),
    `Token budget (${budget.period}): ${budget.used} used of ${budget.limit ?? 'unlimited'}` +
      (budget.end ? `, resets ${budget.end}` : ''),
    '',
    'Usage per endpoint:',
    usage.byEndpoint.length === 0
      ? '  (none)'
      : alignedTable(
          ['  ENDPOINT', 'CALLS', 'TOKENS'],
          usage.byEndpoint.map((entry) => [
            `  ${entry.endpoint}`,
            String(entry.calls),
            String(entry.totalTokens),
          ]),
        ),
    '',
    'Daily usage (calls/tokens):',
    ...usage.daily.map((day) => `  ${day.day}  ${day.calls}/${day.totalTokens}`),
    '',
    'Most frequent unanswered questions:',
    ...(report.unansweredQuestions.length === 0
      ? ['  (none)']
      : report.unansweredQuestions.map(
          (item) =>
            `  ${item.count}× ${quoted(item.question)}  conversation ${item.conversationId} message ${item.messageId}`,
        )),
    '',
    'Thumbs-down answers:',
    ...(report.thumbsDown.length === 0
      ? ['  (none)']
      : report.thumbsDown.map(
          (item) =>
            `  ${quoted(item.question ?? '(no question)')} → ${quoted(item.answer, 50)}` +
            `${item.comment ? ` (${quoted(item.comment, 50)})` : ''}  message ${item.messageId}`,
        )),
  ];
  if (report.unansweredQuestions.length > 0 || report.thumbsDown.length > 0)
    lines.push(
      '',
      `Add curated answers for these: ${report.unansweredQuestions[0]?.curatedAnswersPath ?? report.thumbsDown[0]!.curatedAnswersPath}`,
    );
  return lines.join('\n');
}
