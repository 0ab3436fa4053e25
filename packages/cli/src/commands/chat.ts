import { createInterface } from 'node:readline';
import { AskQuestion, type ChatAnswer } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Command } from 'commander';
import { type CommandIo, print, reportError } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { projectIdArgument } from './arguments.js';
import { loadProject, withRuntime } from './operator.js';

/** Output plus the input interactive chat reads from (tests pass a stream; default stdin). */
export interface ChatIo extends CommandIo {
  stdin?: NodeJS.ReadableStream;
}

const exitWords = new Set(['/exit', '/quit']);

/** The answer's sources, numbered, one per line with a short snippet. */
export function formatSources(answer: ChatAnswer): string {
  if (answer.sources.length === 0) return '';
  const lines = answer.sources.map((source, index) => {
    const snippet = source.snippet.replace(/\s+/g, ' ').trim();
    const short = snippet.length > 100 ? `${snippet.slice(0, 99)}…` : snippet;
    return `  [${index + 1}] ${source.title} (score ${source.score.toFixed(2)}): ${short}`;
  });
  return `\nSources:\n${lines.join('\n')}`;
}

/** Asks one question as the HTTP `/chat` route does, reloading the project for its quota. */
async function ask(
  runtime: ChatBuddy,
  projectId: string,
  message: string,
  conversationId: string | undefined,
  onToken?: (text: string) => void,
): Promise<ChatAnswer> {
  const project = await loadProject(runtime, projectId);
  return runtime
    .get(AskQuestion)
    .execute(project, { message, conversationId }, { endpoint: 'cli', ...(onToken ? { onToken } : {}) });
}

/** Reads questions line by line until `/exit` or end of input; the conversation carries over. */
async function converse(runtime: ChatBuddy, projectId: string, io: ChatIo, json: boolean): Promise<void> {
  const project = await loadProject(runtime, projectId);
  io.stderr(`Chatting with "${project.name}" (${project.modelProvider}). Type /exit to quit.\n`);
  const lines = createInterface({ input: io.stdin ?? process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  // Ctrl-C ends the session like /exit (after the answer in progress), so the runtime closes cleanly.
  const stop = () => lines.close();
  process.once('SIGINT', stop);
  let conversationId: string | undefined;
  try {
    if (!json) io.stdout('> ');
    for await (const line of lines) {
      const message = line.trim();
      if (exitWords.has(message)) break;
      if (message) {
        let streamed = '';
        try {
          const answer = await ask(
            runtime,
            projectId,
            message,
            conversationId,
            json
              ? undefined
              : (text) => {
                  streamed += text;
                  io.stdout(text);
                },
          );
          conversationId = answer.conversationId;
          if (json) io.stdout(`${JSON.stringify(answer)}\n`);
          else {
            // The guard may replace a streamed reply (e.g. with "I don't know."); show what was kept.
            if (streamed.trim() !== answer.reply.trim()) io.stdout(`\n(final answer) ${answer.reply}`);
            io.stdout(`\n${formatSources(answer)}\n`);
          }
        } catch (error) {
          if (!json && streamed) io.stdout('\n');
          reportError(io, error, json);
        }
      }
      if (!json) io.stdout('> ');
    }
  } finally {
    process.off('SIGINT', stop);
    lines.close();
  }
  if (!json) io.stdout('\n');
}

/** `chatbuddy chat --project <id> [-m question]`: one-shot or interactive chat with a project. */
export function registerChatCommand(program: Command, openRuntime: RuntimeOpener, io: ChatIo): void {
  program
    .command('chat')
    .description("Ask a project's assistant: one question with -m, otherwise an interactive session")
    .requiredOption('--project <projectId>', 'project id (see projects list)')
    .option('-m, --message <question>', 'ask one question, print the answer and its sources, and exit')
    .option('--json', 'machine-readable output (interactive: one JSON answer per line)')
    .addHelpText(
      'after',
      `
Interactive mode reads one question per line (from the terminal or a pipe), streams each answer
as it is written, keeps the conversation across turns, and ends on /exit or end of input.
Answers come only from the project's documents; otherwise the reply is "I don't know.".

Examples:
  chatbuddy chat --project 3f0c… -m "What is your refund policy?"
  chatbuddy chat --project 3f0c…`,
    )
    .action(async (options: { project: string; message?: string; json?: boolean }) => {
      const projectId = projectIdArgument(options.project);
      const json = Boolean(options.json);
      await withRuntime(openRuntime, async (runtime) => {
        if (options.message === undefined) return converse(runtime, projectId, io, json);
        const answer = await ask(runtime, projectId, options.message, undefined);
        print(io, json, answer, () => `${answer.reply}\n${formatSources(answer)}`.trimEnd());
      });
    });
}
