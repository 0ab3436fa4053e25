import { type ApiKeyAction, parseInput } from '@chatbuddy/core';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { z } from 'zod';
import { readJsonBody } from '../middleware/body.js';
import type { AppState, ProjectKeyState, RequestState, RouteContext, UserState } from './state.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** A project key (`x-api-key`) used for `apiKey`; core's key policy decides who may. */
export interface ApiKeyAuth {
  apiKey: ApiKeyAction;
}
/**
 * Who may call a route: anyone, a dashboard user (bearer token), or a project key for an action.
 * `anyKey` and `secretKey` are shorthands for host routes: `{apiKey: 'chat'}` and
 * `{apiKey: 'manage_project'}`.
 */
export type RouteAuth = 'none' | 'bearer' | ApiKeyAuth | 'anyKey' | 'secretKey';

/** The state a route's guard guarantees to its handler. */
export type StateFor<Auth extends RouteAuth> = Auth extends 'none'
  ? RequestState
  : Auth extends 'bearer'
    ? UserState
    : ProjectKeyState;

/** The key action a project-key route declares (null for other routes). */
export function apiKeyActionOf(auth: RouteAuth): ApiKeyAction | null {
  if (auth === 'anyKey') return 'chat';
  if (auth === 'secretKey') return 'manage_project';
  return typeof auth === 'object' ? auth.apiKey : null;
}

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

export interface RouteDefinition<
  Body = unknown,
  Query = unknown,
  Params = unknown,
  Auth extends RouteAuth = RouteAuth,
> {
  method: HttpMethod;
  /** Koa path, e.g. `/projects/:projectId`. */
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
  /** The route reads the body itself (multipart, streaming). */
  rawBody?: boolean;
  responses: Record<number, RouteResponse>;
  /** Receives the state its guard set (`ctx.state.user`, `ctx.state.project`). */
  handler(ctx: RouteContext<StateFor<Auth>>, input: RouteInput<Body, Query, Params>): Promise<void>;
}

/** Declares a route; the same definition drives Koa and the OpenAPI document. */
export function defineRoute<
  Body = undefined,
  Query = undefined,
  Params = undefined,
  Auth extends RouteAuth = RouteAuth,
>(definition: RouteDefinition<Body, Query, Params, Auth>): RouteDefinition<Body, Query, Params, Auth> {
  return definition;
}

export interface MountOptions {
  maxBodyBytes: number;
  /** Middleware that authenticates each kind of caller; `apiKey` checks the key for an action. */
  guards: {
    bearer: Middleware<AppState>;
    apiKey(action: ApiKeyAction): Middleware<AppState>;
  };
}

/** Registers definitions on a router: guard, then input parsing with the zod schemas, then the handler. */
export function mountRoutes(
  router: Router<AppState>,
  routes: readonly RouteDefinition<any, any, any>[],
  options: MountOptions,
): void {
  for (const route of routes) {
    const action = apiKeyActionOf(route.auth);
    const guard: Middleware<AppState> =
      route.auth === 'none'
        ? (_ctx, next) => next()
        : action
          ? options.guards.apiKey(action)
          : options.guards.bearer;
    const privacy: Middleware<AppState> = (ctx, next) => {
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
