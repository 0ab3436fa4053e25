import { createInterface } from 'node:readline/promises';
import {
  CreateProject,
  DeleteProject,
  DomainError,
  GetProject,
  ListProjects,
  modelProviders,
  ProjectReindex,
  RotateApiKey,
} from '@chatbuddy/core';
import { type Command, Option } from 'commander';
import { type CommandIo, isInteractive, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { describeCreatedProject, projectTable } from './projects-output.js';
import { integerOption, positiveIntegerOption, projectIdArgument } from './arguments.js';
import { operatorActor, withRuntime } from './operator.js';
import { resolveOwner } from './project-owner.js';

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/** `chatbuddy projects create|list|rotate-key|delete`, acting as an admin. */
export function registerProjectsCommands(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  const projects = program
    .command('projects')
    .description('Manage projects (tenants) and their API keys, as an admin');
  projects
    .command('create')
    .description('Create a project; prints its secret and publishable keys (the only time they are shown)')
    .requiredOption('--name <name>', 'project name')
    .option('--owner <email>', 'email of the owning user (default: the first admin)')
    .addOption(
      new Option('--provider <provider>', 'model provider for answers and embeddings')
        .choices(modelProviders)
        .default('local'),
    )
    .option('--token-limit <tokens>', 'token budget of the project (default: unlimited)')
    .option('--json', 'machine-readable output: {project, apiKey, publishableKey}')
    .action(
      async (options: {
        name: string;
        owner?: string;
        provider: string;
        tokenLimit?: string;
        json?: boolean;
      }) => {
        const tokenLimit = integerOption('--token-limit', options.tokenLimit);
        const { created, owner } = await withRuntime(openRuntime, async (runtime) => {
          const owner = await resolveOwner(runtime, options.owner);
          const input = {
            name: options.name,
            modelProvider: options.provider as (typeof modelProviders)[number],
            ...(tokenLimit === undefined ? {} : { tokenLimit }),
          };
          return { owner, created: await runtime.get(CreateProject).execute(owner, input) };
        });
        print(io, Boolean(options.json), created, () => describeCreatedProject(created, owner.email));
      },
    );
  projects
    .command('list')
    .description('List every project, newest first (key prefixes only, never full keys)')
    .option('--limit <count>', 'projects per page (1–100)', '50')
    .option('--cursor <cursor>', 'the nextCursor of a previous page')
    .option('--json', 'machine-readable output')
    .action(async (options: { limit: string; cursor?: string; json?: boolean }) => {
      const limit = positiveIntegerOption('--limit', options.limit);
      const page = await withRuntime(openRuntime, (runtime) =>
        runtime.get(ListProjects).execute(operatorActor, { limit, cursor: options.cursor }),
      );
      print(io, Boolean(options.json), page, () =>
        page.nextCursor
          ? `${projectTable(page.items)}\n\nMore: --cursor ${page.nextCursor}`
          : projectTable(page.items),
      );
    });
  projects
    .command('rotate-key')
    .description('Issue a new key of one kind; prints it once. Old keys die at once unless --grace-seconds')
    .argument('<projectId>', 'project id (see projects list)')
    .addOption(
      new Option('--kind <kind>', 'which key to rotate').choices(['secret', 'publishable']).default('secret'),
    )
    .option('--grace-seconds <seconds>', 'seconds the old key keeps working (default 0, max 30 days)')
    .option('--json', 'machine-readable output: {kind, apiKey, prefix, previousKeysExpireAt}')
    .action(
      async (
        projectId: string,
        options: { kind: 'secret' | 'publishable'; graceSeconds?: string; json?: boolean },
      ) => {
        const id = projectIdArgument(projectId);
        const gracePeriodSeconds = integerOption('--grace-seconds', options.graceSeconds) ?? 0;
        const rotated = await withRuntime(openRuntime, (runtime) =>
          runtime.get(RotateApiKey).execute(operatorActor, id, { kind: options.kind, gracePeriodSeconds }),
        );
        print(io, Boolean(options.json), rotated, () =>
          [
            `New ${rotated.kind} key: ${rotated.apiKey}`,
            `Previous ${rotated.kind} key(s) stop working at ${rotated.previousKeysExpireAt}.`,
            'Store the new key now: it is shown only this once.',
          ].join('\n'),
        );
      },
    );
  projects
    .command('delete')
    .description('Delete a project and all its data (documents, vectors, conversations, usage, leads)')
    .argument('<projectId>', 'project id (see projects list)')
    .option('-y, --yes', 'do not ask for confirmation (required when not at a terminal)')
    .option('--json', 'machine-readable output')
    .action(async (projectId: string, options: { yes?: boolean; json?: boolean }) => {
      const id = projectIdArgument(projectId);
      const deleted = await withRuntime(openRuntime, async (runtime) => {
        const project = await runtime.get(GetProject).execute(operatorActor, id);
        if (!options.yes) {
          const question = `Delete project "${project.name}" (${project.id}) and all its data? [y/N] `;
          if (!isInteractive(io)) {
            throw new DomainError(
              'invalid_input',
              'Refusing to delete without --yes when not at a terminal',
              {
                details: {
                  issues: [{ path: '--yes', message: 'required when not at a terminal', code: 'custom' }],
                },
              },
            );
          }
          if (!(await confirm(question))) return null;
        }
        await runtime.get(DeleteProject).execute(operatorActor, project.id);
        return project;
      });
      if (!deleted) {
        io.stderr('Cancelled; nothing was deleted.\n');
        return;
      }
      print(
        io,
        Boolean(options.json),
        { deleted: { id: deleted.id, name: deleted.name } },
        () => `Deleted project "${deleted.name}" (${deleted.id}) and all its data.`,
      );
    });
  projects
    .command('reindex')
    .description(
      "Rebuild every document's chunks and vectors with the project's current embedder (after a provider or embedder change)",
    )
    .argument('<projectId>', 'project id (see projects list)')
    .option('--json', 'machine-readable output')
    .action(async (projectId: string, options: { json?: boolean }) => {
      const id = projectIdArgument(projectId);
      const report = await withRuntime(openRuntime, async (runtime) => {
        const project = await runtime.get(GetProject).execute(operatorActor, id);
        const result = await runtime.get(ProjectReindex).execute(project.id);
        await runtime.maintain();
        return result;
      });
      print(io, Boolean(options.json), report, () =>
        [
          `Reindexed ${report.ready.length} document(s) with ${report.embeddingModel}.`,
          ...report.failed.map((failure) => `Failed: ${failure.documentId} (${failure.error})`),
        ].join('\n'),
      );
      if (report.failed.length > 0) process.exitCode = 1;
    });
}
