import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dontKnow } from '@chatbuddy/core';
import { type ChatBuddy, createChatBuddy, createLogger } from '@chatbuddy/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faqDatasetFolder, goldCoverage, loadDocs } from './docs-dataset.js';

// Opening PGlite and indexing take minutes on a loaded 2-core machine.
const slow = 600_000;

// German and Spanish shop FAQs through the embedded default (PGlite, local provider): a reply is
// either the FAQ's answer or exactly "I don't know.", never a confident answer from elsewhere.
const dataset = loadDocs(faqDatasetFolder);
let runtime: ChatBuddy;
let projectId: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chatbuddy-faq-'));
  runtime = await createChatBuddy(
    { dataDir, logLevel: 'silent' },
    { logger: createLogger({ logLevel: 'silent' }) },
  );
  const { project } = await runtime.projects.create({ name: 'FAQ' });
  projectId = project.id;
  for (const document of dataset.documents) {
    await runtime.documents.upload(projectId, { title: document.title, content: document.content });
  }
  await runtime.maintain();
}, slow);

afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe.each(['de', 'es'])('FAQ questions in %s', (language) => {
  const questions = dataset.questions.filter((question) => question.id.startsWith(`${language}-`));

  it(
    'answer with the FAQ answer or abstain, and answer most of them',
    async () => {
      const wrong: string[] = [];
      let right = 0;
      const answerable = questions.filter((item) => item.kind === 'answerable');
      for (const question of answerable) {
        const answer = await runtime.chat.ask(projectId, { message: question.question });
        if (answer.reply === dontKnow) {
          expect(answer.answered).toBe(false);
          continue;
        }
        if (goldCoverage(question.gold!, answer.reply) >= 0.8) right++;
        else wrong.push(`${question.question} → ${answer.reply}`);
      }
      expect(wrong).toEqual([]);
      // Abstaining on everything is not the goal: a quarter of them must be answered right.
      expect(right).toBeGreaterThanOrEqual(Math.ceil(answerable.length / 4));
    },
    slow,
  );

  it(
    'abstain on questions the FAQ does not answer',
    async () => {
      const answered: string[] = [];
      for (const question of questions.filter((item) => item.kind === 'near-miss')) {
        const answer = await runtime.chat.ask(projectId, { message: question.question });
        if (answer.reply !== dontKnow || answer.answered)
          answered.push(`${question.question} → ${answer.reply}`);
      }
      expect(answered).toEqual([]);
    },
    slow,
  );
});
