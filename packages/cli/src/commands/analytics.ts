import { DomainError, GetAnalytics, ProjectRepository } from '@chatbuddy/core';
import type { Command } from 'commander';
import { type CommandIo, print } from '../io.js';
import type { RuntimeOpener } from '../open-runtime.js';
import { describeAnalytics } from './analytics-output.js';
import { integerOption, projectIdArgument } from './arguments.js';
import { withRuntime } from './operator.js';

/** `chatbuddy analytics --project <id>`: the project's analytics, as text or `--json`. */
export function registerAnalyticsCommand(program: Command, openRuntime: RuntimeOpener, io: CommandIo): void {
  program
    .command('analytics')
    .description('Counts, usage, unanswered questions and thumbs-down answers of a project')
    .requiredOption('--project <id>', 'project id')
    .option('--days <days>', 'days of history (1–365)', '30')
    .option('--limit <count>', 'items per list (1–100)', '10')
    .option('--json', 'machine-readable output (the same body as GET /projects/:id/analytics)')
    .action(async (options: { project: string; days: string; limit: string; json?: boolean }) => {
      const id = projectIdArgument(options.project);
      const days = integerOption('--days', options.days, { min: 1, max: 365 })!;
      const limit = integerOption('--limit', options.limit, { min: 1, max: 100 })!;
      const report = await withRuntime(openRuntime, async (runtime) => {
        const project = await runtime.get<ProjectRepository>(ProjectRepository).findById(id);
        if (!project) throw new DomainError('project_not_found', 'Project not found');
        return runtime.get(GetAnalytics).execute(project, { days, limit });
      });
      print(io, Boolean(options.json), report, () => describeAnalytics(report));
    });
}
