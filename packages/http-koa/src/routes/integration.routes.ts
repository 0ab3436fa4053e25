import { GetProject } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { projectParams, publicBaseUrl } from './schemas.js';
import { integrationGuide } from './views.js';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Snippets that help a customer wire the project into a site or backend (never a full key). */
export function integrationRoutes(runtime: ChatBuddy): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/widget',
      summary: 'Widget script URL, attributes and a ready snippet (with a key placeholder)',
      tag: 'projects',
      auth: 'bearer',
      params: projectParams,
      responses: {
        200: {
          description: 'Widget snippet',
          schema: z.object({
            scriptUrl: z.string(),
            attributes: z.record(z.string(), z.string()),
            snippet: z.string(),
          }),
        },
      },
      handler: async (ctx, { params }) => {
        const project = await runtime.get(GetProject).execute(ctx.state.user, params.projectId);
        const baseUrl = publicBaseUrl(runtime.config.appBaseUrl, `${ctx.protocol}://${ctx.host}`);
        const publishable = project.keys.find((key) => key.kind === 'publishable');
        const attributes: Record<string, string> = {
          'data-api-url': baseUrl,
          'data-api-key': publishable ? `${publishable.prefix}…YOUR_PUBLISHABLE_KEY` : 'YOUR_PUBLISHABLE_KEY',
          'data-title': (project.assistant.title as string | undefined) ?? `${project.name} Assistant`,
          'data-primary-color': '#0f766e',
          'data-position': 'right',
          'data-welcome':
            (project.assistant.welcomeMessage as string | undefined) ?? 'Ask me anything about this project.',
        };
        const rendered = Object.entries(attributes)
          .map(([name, value]) => `  ${name}="${escapeAttribute(value)}"`)
          .join('\n');
        ctx.body = {
          scriptUrl: `${baseUrl}/widget.js`,
          attributes,
          snippet: `<script src="${escapeAttribute(`${baseUrl}/widget.js`)}"\n${rendered}></script>`,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/projects/:projectId/integration',
      summary: 'Base URL, endpoints, key prefixes and curl examples (never a full key)',
      tag: 'projects',
      auth: 'bearer',
      params: projectParams,
      responses: { 200: { description: 'Integration guide', schema: integrationGuide } },
      handler: async (ctx, { params }) => {
        const project = await runtime.get(GetProject).execute(ctx.state.user, params.projectId);
        const baseUrl = publicBaseUrl(runtime.config.appBaseUrl, `${ctx.protocol}://${ctx.host}`);
        const secret = project.keys.find((key) => key.kind === 'secret');
        const keyPlaceholder = secret ? `${secret.prefix}…` : 'YOUR_SECRET_KEY';
        ctx.body = {
          baseUrl,
          keyPrefixes: project.keys.map((key) => ({ kind: key.kind, prefix: key.prefix })),
          authentication:
            'Send the project key in the x-api-key header. Publishable keys (cb_pk_) may only chat.',
          endpoints: [
            { method: 'POST', path: '/upload-doc', description: 'Upload text knowledge' },
            {
              method: 'POST',
              path: '/upload-doc/file',
              description: 'Upload a file (txt, md, html, csv, json, pdf, docx)',
            },
            { method: 'GET', path: '/documents', description: 'List documents' },
            { method: 'POST', path: '/chat', description: 'Ask a question (JSON or Server-Sent Events)' },
            { method: 'GET', path: '/conversations', description: 'List conversations' },
            { method: 'GET', path: '/usage', description: 'Token usage' },
          ],
          curlExamples: [
            `curl -X POST ${baseUrl}/upload-doc -H 'x-api-key: ${keyPlaceholder}' -H 'content-type: application/json' -d '{"title":"Refunds","content":"Refunds are paid within 14 days."}'`,
            `curl -X POST ${baseUrl}/chat -H 'x-api-key: ${keyPlaceholder}' -H 'content-type: application/json' -d '{"message":"How long do refunds take?"}'`,
          ],
        };
      },
    }),
  ];
}
