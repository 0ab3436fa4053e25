import { keyMayPerform } from '@chatbuddy/core';
import type { ChatBuddy } from '@chatbuddy/runtime';
import { describe, expect, it } from 'vitest';
import { chatRoutes } from '../routes/chat.routes.js';
import { documentRoutes } from '../routes/documents.routes.js';
import { usageRoutes } from '../routes/usage.routes.js';
import { apiKeyActionOf } from './route.js';

const runtime = { config: { maxBodyBytes: 1024, maxUploadBytes: 1024 } } as unknown as ChatBuddy;

describe('project-key routes', () => {
  it('declare a key action each, and publishable keys reach only the chat ones', () => {
    const routes = [...chatRoutes(runtime), ...documentRoutes(runtime), ...usageRoutes(runtime)];
    const table = Object.fromEntries(
      routes
        .filter((route) => apiKeyActionOf(route.auth) !== null)
        .map((route) => [
          `${route.method} ${route.path}`,
          keyMayPerform('publishable', apiKeyActionOf(route.auth)!),
        ]),
    );
    expect(table).toEqual({
      'post /chat': true,
      'get /conversations': false,
      'get /conversations/:conversationId/messages': true,
      'post /upload-doc': false,
      'post /upload-doc/file': false,
      'get /documents': false,
      'get /documents/:documentId': false,
      'put /documents/:documentId': false,
      'post /documents/:documentId/reindex': false,
      'delete /documents/:documentId': false,
      'get /usage': false,
    });
  });

  it('maps the host-route shorthands to chat and to a secret-only action', () => {
    expect(apiKeyActionOf('anyKey')).toBe('chat');
    expect(apiKeyActionOf('secretKey')).toBe('manage_project');
    expect(keyMayPerform('publishable', 'manage_project')).toBe(false);
    expect(apiKeyActionOf('bearer')).toBeNull();
    expect(apiKeyActionOf('none')).toBeNull();
  });
});
