import { DeleteDocument, UploadDocumentFile } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { accessibleProject } from './dashboard-project.js';
import { readUploadedFile } from './file-upload.js';
import { projectParams } from './schemas.js';
import { deletedDocument, oneDocument } from './views.js';

const documentParams = projectParams.extend({ documentId: z.uuid() });

/**
 * The dashboard's document upload and delete (bearer auth): the same use cases as the runtime
 * routes, on a project the signed-in user may see (404 for any other).
 */
export function dashboardDocumentRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  const { maxUploadBytes } = runtime.config;
  return [
    defineRoute({
      method: 'post',
      path: '/projects/:projectId/documents/file',
      summary:
        'Upload a file to a project (dashboard): multipart/form-data with a file field, or JSON {filename, content} or {filename, contentBase64, mimeType?}',
      tag: 'documents',
      auth: 'bearer',
      params: projectParams,
      rawBody: true,
      responses: {
        201: { description: 'The indexed document', schema: oneDocument },
        413: { description: 'Too large' },
        415: { description: 'Unsupported type' },
        422: { description: 'Unparseable' },
      },
      handler: async (ctx, { params }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId).catch(
          (error: unknown) => {
            ctx.req.resume();
            throw error;
          },
        );
        const { file } = await readUploadedFile(ctx, maxUploadBytes);
        ctx.status = 201;
        ctx.body = { document: await runtime.get(UploadDocumentFile).execute(project.id, file as never) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/projects/:projectId/documents/:documentId',
      summary: 'Delete a document, its chunks and vectors (dashboard)',
      tag: 'documents',
      auth: 'bearer',
      params: documentParams,
      responses: { 200: { description: 'Deleted', schema: deletedDocument } },
      handler: async (ctx, { params }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = await runtime.get(DeleteDocument).execute(project.id, { documentId: params.documentId });
      },
    }),
  ];
}
