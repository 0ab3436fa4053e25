import { parseInput } from '@chatbuddy/core';
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import { readJsonBody } from '../middleware/body.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Who may call a route: anyone, a dashboard user (bearer token), or a project key. */
export type RouteAuth = 'none' | 'bearer' | 'secretKey' | 'anyKey';

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteInput<Body, Query, Params> {
  body: Body;
  query: Query;
  params: Params;
}

export interface RouteDefinition<Body = unknown, Query = unknown, Params = unknown> {
  method: HttpMethod;
  /** Koa path, e.g. `/projects/:projectId`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
  /** The route reads the body itself (multipart, streaming). */
  rawBody?: boolean;
  responses: Record<number, RouteResponse>;
  handler: (ctx: Context, input: RouteInput<Body, Query, Params>) => Promise<void>;
}

/** Declares a route; the same definition drives Koa and the OpenAPI document. */
export function defineRoute<Body = undefined, Query = undefined, Params = undefined>(
  definition: RouteDefinition<Body, Query, Params>,
): RouteDefinition<Body, Query, Params> {
  return definition;
}

export interface MountOptions {
  maxBodyBytes: number;
  /** Middleware that authenticates each kind of caller. */
  guards: Record<Exclude<RouteAuth, 'none'>, Middleware>;
}

/** Registers definitions on a router: guard, then input parsing with the zod schemas, then the handler. */
export function mountRoutes(
  router: Router,
  routes: readonly RouteDefinition<any, any, any>[],
  options: MountOptions,
): void {
  for (const route of routes) {
    const guard: Middleware = route.auth === 'none' ? (_ctx, next) => next() : options.guards[route.auth];
    const privacy: Middleware = (ctx, next) => {
      // Responses of authenticated routes carry tenant data: never store them in any cache.
      if (route.auth !== 'none') ctx.set('Cache-Control', 'no-store');
      return next();
    };
    router[route.method](route.path, privacy, guard, async (ctx) => {
      const body = route.rawBody ? undefined : await readJsonBody(ctx, options.maxBodyBytes);
      const input = {
        params: route.params ? parseInput(route.params, ctx.params) : ctx.params,
        query: route.query ? parseInput(route.query, ctx.query) : undefined,
        // Only an absent body means "the defaults"; an explicit `null` is validated (and refused).
        body: route.body && !route.rawBody ? parseInput(route.body, body === undefined ? {} : body) : body,
      };
      await route.handler(ctx, input);
    });
  }
}
