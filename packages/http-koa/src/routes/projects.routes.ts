import {
  CreateProject,
  createProjectInput,
  DeleteProject,
  GetProject,
  ListProjects,
  RotateApiKey,
  rotateKeyInput,
  UpdateProject,
  updateProjectInput,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { pageOf, pageQuery, projectParams, projectView } from './schemas.js';
import { integrationRoutes } from './integration.routes.js';
import { auditContext } from './admin.routes.js';

const created = z.object({ project: projectView, apiKey: z.string(), publishableKey: z.string() });
const rotated = z.object({
  kind: z.enum(['secret', 'publishable']),
  apiKey: z.string(),
  prefix: z.string(),
  previousKeysExpireAt: z.string(),
});

/** Dashboard routes of projects (bearer auth). */
export function projectRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/projects',
      summary: 'Projects the user may see (admins: all), newest first',
      tag: 'projects',
      auth: 'bearer',
      query: pageQuery,
      responses: { 200: { description: 'A page of projects', schema: pageOf(projectView) } },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(ListProjects).execute(ctx.state.user, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/projects',
      summary: 'Create a project; the response is the only time its keys are shown',
      tag: 'projects',
      auth: 'bearer',
      body: createProjectInput,
      responses: { 201: { description: 'Created', schema: created } },
      handler: async (ctx, { body }) => {
        ctx.status = 201;
        ctx.body = await runtime.get(CreateProject).execute(ctx.state.user, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId',
      summary: 'One project',
      tag: 'projects',
      auth: 'bearer',
      params: projectParams,
      responses: { 200: { description: 'The project', schema: projectView } },
      handler: async (ctx, { params }) => {
        ctx.body = await runtime.get(GetProject).execute(ctx.state.user, params.projectId);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/projects/:projectId',
      summary: 'Change name, provider, model config, token limit, assistant settings, origins, system prompt',
      tag: 'projects',
      auth: 'bearer',
      params: projectParams,
      body: updateProjectInput,
      responses: { 200: { description: 'The updated project', schema: projectView } },
      handler: async (ctx, { params, body }) => {
        ctx.body = await runtime.get(UpdateProject).execute(ctx.state.user, params.projectId, body);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/projects/:projectId',
      summary:
        'Delete the project and all its data (documents, chunks, vectors, conversations, usage, leads)',
      tag: 'projects',
      auth: 'bearer',
      params: projectParams,
      responses: { 204: { description: 'Deleted' } },
      handler: async (ctx, { params }) => {
        await runtime.get(DeleteProject).execute(ctx.state.user, params.projectId, auditContext(ctx));
        ctx.status = 204;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/projects/:projectId/rotate-key',
      summary: 'Issue a new secret or publishable key; the old one stops working now or after a grace period',
      tag: 'projects',
      auth: 'bearer',
      params: projectParams,
      body: rotateKeyInput,
      responses: { 200: { description: 'The new key, shown once', schema: rotated } },
      handler: async (ctx, { params, body }) => {
        ctx.body = await runtime
          .get(RotateApiKey)
          .execute(ctx.state.user, params.projectId, body, auditContext(ctx));
      },
    }),
    ...integrationRoutes(runtime),
  ];
}
