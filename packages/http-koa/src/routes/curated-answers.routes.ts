import {
  curatedAnswerLimits,
  DomainError,
  ImportCuratedAnswers,
  ManageCuratedAnswers,
  parseInput,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';
import { z } from 'zod';
import { isJson, parseJsonBuffer, readRawBody } from '../middleware/body.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { curatedAnswersToCsv, parseCuratedCsv } from './curated-answers.csv.js';
import { pageOf, pageQuery, projectParams } from './schemas.js';

const answerView = z.object({
  id: z.string(),
  projectId: z.string(),
  question: z.string(),
  answer: z.string(),
  alternativeQuestions: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const oneAnswer = z.object({ answer: answerView });
const answerParams = projectParams.extend({ answerId: z.uuid() });
// Bodies are checked by the use cases (stored text, lengths); these schemas document them.
const answerBody = z
  .object({
    question: z.string().max(curatedAnswerLimits.questionChars),
    answer: z.string().max(curatedAnswerLimits.answerChars),
    alternativeQuestions: z.array(z.string()).max(curatedAnswerLimits.alternatives).optional(),
  })
  .strict();
const answerPatch = answerBody.partial();
const csvBody = z.object({ csv: z.string() }).strict();

/** The CSV text of an import: a `text/csv` body, or JSON `{csv}`. */
async function readCsv(ctx: Context, limit: number): Promise<string> {
  const type = ctx.get('content-type').split(';')[0]!.trim().toLowerCase();
  if (type !== 'text/csv' && !isJson(ctx)) {
    ctx.req.resume();
    throw new DomainError('unsupported_media_type', 'Send text/csv, or application/json with {csv}');
  }
  const raw = await readRawBody(ctx, limit);
  if (type !== 'text/csv') return parseInput(csvBody, parseJsonBuffer(raw) ?? {}).csv;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new DomainError('invalid_input', 'The CSV must be UTF-8 text');
  }
}

/** Dashboard routes of a project's curated answers (owner or admin; others get 404). */
export function curatedAnswerRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  const manage = () => runtime.get(ManageCuratedAnswers);
  const base = '/projects/:projectId/answers';
  return [
    defineRoute({
      method: 'get',
      path: base,
      summary: 'Curated answers of a project, newest first',
      tag: 'curated answers',
      auth: 'bearer',
      params: projectParams,
      query: pageQuery,
      responses: { 200: { description: 'A page of curated answers', schema: pageOf(answerView) } },
      handler: async (ctx, { params, query }) => {
        ctx.body = await manage().list(ctx.state.user, params.projectId, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: base,
      summary: 'Pin an answer to a question (and its alternative phrasings); chat uses it at once',
      tag: 'curated answers',
      auth: 'bearer',
      params: projectParams,
      body: answerBody,
      responses: {
        201: { description: 'The curated answer', schema: oneAnswer },
        409: { description: 'Another curated answer holds the question (details.answerId)' },
      },
      handler: async (ctx, { params, body }) => {
        ctx.status = 201;
        ctx.body = { answer: await manage().create(ctx.state.user, params.projectId, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/:answerId`,
      summary: 'Edit a curated answer',
      tag: 'curated answers',
      auth: 'bearer',
      params: answerParams,
      body: answerPatch,
      responses: {
        200: { description: 'The curated answer', schema: oneAnswer },
        409: { description: 'Another curated answer holds the question (details.answerId)' },
      },
      handler: async (ctx, { params, body }) => {
        const answer = await manage().update(ctx.state.user, params.projectId, params.answerId, body);
        ctx.body = { answer };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:answerId`,
      summary: 'Delete a curated answer',
      tag: 'curated answers',
      auth: 'bearer',
      params: answerParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async (ctx, { params }) => {
        await manage().delete(ctx.state.user, params.projectId, params.answerId);
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/import`,
      summary:
        'Import curated answers from CSV (text/csv, or JSON {csv}): columns question, answer, alternative_questions (separated by | or line breaks); all rows or none',
      tag: 'curated answers',
      auth: 'bearer',
      params: projectParams,
      rawBody: true,
      responses: {
        201: { description: 'Rows imported', schema: z.object({ imported: z.number().int() }) },
        400: { description: 'Invalid rows, by row number, in details.issues' },
      },
      handler: async (ctx, { params }) => {
        const text = await readCsv(ctx, runtime.config.maxUploadBytes);
        const rows = parseCuratedCsv(text);
        ctx.status = 201;
        ctx.body = await runtime.get(ImportCuratedAnswers).execute(ctx.state.user, params.projectId, rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/answers.csv',
      summary:
        "Curated answers as CSV (RFC 4180, UTF-8 with a byte order mark; cells that would run as spreadsheet formulas start with ')",
      tag: 'curated answers',
      auth: 'bearer',
      params: projectParams,
      responses: {
        200: {
          description: 'CSV file',
          contentType: 'text/csv',
          schema: z.string().describe('CSV text, UTF-8 with a byte order mark'),
        },
      },
      handler: async (ctx, { params }) => {
        const answers = await manage().all(ctx.state.user, params.projectId);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment('curated-answers.csv');
        ctx.body = curatedAnswersToCsv(answers);
      },
    }),
  ];
}
