import {
  DeleteDocument,
  type DocumentSummary,
  GetDocument,
  ListDocuments,
  ReindexDocument,
  ReplaceDocument,
  UploadDocument,
  UploadDocumentFile,
  listDocumentsInput,
  parseInput,
  uploadDocumentInput,
} from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import type { Context } from 'koa';
import { z } from 'zod';
import { readJson } from '../middleware/body.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { accessibleProject } from './dashboard-project.js';
import { readUploadedFile } from './file-upload.js';
import { respondIdempotently } from './idempotency.js';
import { asyncOptions, describeAsyncAnswer, indexingAnswer, uploadAnswer } from './respond-async.js';
import { projectParams } from './schemas.js';
import { deletedDocument, documentPage, documentWithContent, oneDocument } from './views.js';

const documentParams = z.object({ documentId: z.uuid() });
const replaceBody = uploadDocumentInput;

/** Runtime document routes (secret key) and the dashboard's document list and reindex. */
export function documentRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  const { maxBodyBytes, maxUploadBytes } = runtime.config;
  return [
    defineRoute({
      method: 'post',
      path: '/upload-doc',
      summary:
        'Store, chunk, embed and index a text document (Markdown headings are kept); honours Idempotency-Key',
      tag: 'documents',
      auth: { apiKey: 'manage_documents' },
      body: uploadDocumentInput,
      rawBody: true,
      responses: {
        201: { description: 'The indexed document (without content)', schema: oneDocument },
        202: { description: 'Stored and being indexed (`Prefer: respond-async`)', schema: oneDocument },
      },
      handler: async (ctx) => {
        const { value } = await readJson(ctx, Math.max(maxBodyBytes, maxUploadBytes));
        const input = parseInput(uploadDocumentInput, value === undefined ? {} : value);
        // A retry is the same request when it says the same: spacing between tokens aside.
        const sent = Buffer.from(JSON.stringify(value ?? null));
        const options = asyncOptions(ctx);
        await respondIdempotently(ctx, runtime, sent, async () =>
          uploadAnswer(await runtime.get(UploadDocument).execute(ctx.state.project, input, options)),
        );
        describeAsyncAnswer(ctx);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/upload-doc/file',
      summary:
        'Upload a file (txt, md, html, csv, json, pdf, docx): JSON {filename, content} or {filename, contentBase64, mimeType?}, or multipart/form-data with a file field',
      tag: 'documents',
      auth: { apiKey: 'manage_documents' },
      rawBody: true,
      responses: {
        201: { description: 'The indexed document', schema: oneDocument },
        202: { description: 'Stored and being indexed (`Prefer: respond-async`)', schema: oneDocument },
        413: { description: 'Too large' },
        415: { description: 'Unsupported type' },
        422: { description: 'Unparseable' },
      },
      handler: async (ctx) => {
        const { file, raw } = await readUploadedFile(ctx, maxUploadBytes);
        const options = asyncOptions(ctx);
        await respondIdempotently(ctx, runtime, raw, async () =>
          uploadAnswer(
            await runtime.get(UploadDocumentFile).execute(ctx.state.project, file as never, options),
          ),
        );
        describeAsyncAnswer(ctx);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents',
      summary: 'Documents of the key’s project, newest first, without content',
      tag: 'documents',
      auth: { apiKey: 'read_documents' },
      query: listDocumentsInput,
      responses: { 200: { description: 'A page of documents', schema: documentPage } },
      handler: async (ctx, { query }) => {
        ctx.body = await runtime.get(ListDocuments).execute(ctx.state.project.id, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:documentId',
      summary: 'One document with its content and metadata',
      tag: 'documents',
      auth: { apiKey: 'read_documents' },
      params: documentParams,
      responses: { 200: { description: 'The document', schema: documentWithContent } },
      handler: async (ctx, { params }) => {
        ctx.body = { document: await runtime.get(GetDocument).execute(ctx.state.project.id, params) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/documents/:documentId',
      summary:
        'Replace the content; readers see the old chunks or the new ones, never a mix (honours Prefer: respond-async)',
      tag: 'documents',
      auth: { apiKey: 'manage_documents' },
      params: documentParams,
      body: replaceBody,
      // Read here with the upload's limit: a document that could be uploaded can be replaced.
      rawBody: true,
      responses: {
        200: { description: 'The re-indexed document', schema: oneDocument },
        202: { description: 'Stored and being indexed (`Prefer: respond-async`)', schema: oneDocument },
        413: { description: 'Too large' },
      },
      handler: async (ctx, { params }) => {
        const { value } = await readJson(ctx, Math.max(maxBodyBytes, maxUploadBytes));
        const body = parseInput(replaceBody, value === undefined ? {} : value);
        const document = await runtime
          .get(ReplaceDocument)
          .execute(ctx.state.project.id, { ...body, documentId: params.documentId }, asyncOptions(ctx));
        answerIndexing(ctx, document, 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/documents/:documentId/reindex',
      summary: 'Rebuild chunks and vectors (repairs a failed document; honours Prefer: respond-async)',
      tag: 'documents',
      auth: { apiKey: 'manage_documents' },
      params: documentParams,
      responses: {
        200: { description: 'The re-indexed document', schema: oneDocument },
        202: { description: 'Being indexed (`Prefer: respond-async`)', schema: oneDocument },
      },
      handler: async (ctx, { params }) => {
        const document = await runtime
          .get(ReindexDocument)
          .execute(ctx.state.project.id, params, asyncOptions(ctx));
        answerIndexing(ctx, document, 200);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/documents/:documentId',
      summary: 'Delete the document, its chunks and vectors',
      tag: 'documents',
      auth: { apiKey: 'manage_documents' },
      params: documentParams,
      responses: { 200: { description: 'Deleted', schema: deletedDocument } },
      handler: async (ctx, { params }) => {
        ctx.body = await runtime.get(DeleteDocument).execute(ctx.state.project.id, params);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/documents',
      summary: 'Documents of a project (dashboard)',
      tag: 'documents',
      auth: 'bearer',
      params: projectParams,
      query: listDocumentsInput,
      responses: { 200: { description: 'A page of documents', schema: documentPage } },
      handler: async (ctx, { params, query }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = await runtime.get(ListDocuments).execute(project.id, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/projects/:projectId/documents/:documentId/reindex',
      summary: 'Reindex a document (dashboard)',
      tag: 'documents',
      auth: 'bearer',
      params: projectParams.extend(documentParams.shape),
      responses: { 200: { description: 'The re-indexed document', schema: oneDocument } },
      handler: async (ctx, { params }) => {
        const project = await accessibleProject(runtime, ctx.state.user, params.projectId);
        ctx.body = {
          document: await runtime.get(ReindexDocument).execute(project.id, { documentId: params.documentId }),
        };
      },
    }),
  ];
}

/** Sets a replacement's or a reindex's answer: `indexed`, or `202` with its headers. */
function answerIndexing(ctx: Context, document: DocumentSummary, indexed: number): void {
  const { status, body } = indexingAnswer(document, indexed);
  ctx.status = status;
  ctx.body = body;
  describeAsyncAnswer(ctx);
}
