import type { ApiKeyKind, Project, PublicUser } from '@chatbuddy/core';
import type { RouterContext } from '@koa/router';

/** What every request carries in `ctx.state`, set by the outer middleware. */
export interface RequestState {
  /** Set by the request-id middleware, echoed as `x-request-id`. */
  requestId: string;
  /**
   * Gives the request's load-shedding slot back before it ends, for a request about to wait on
   * something bounded elsewhere (an upload waiting for room in the background indexing); set by
   * the load-shedding middleware, absent when the request took no slot.
   */
  releaseSlot?: () => void;
}

/** State of a route behind the bearer guard. */
export interface UserState extends RequestState {
  user: PublicUser;
}

/** State of a route behind the project-key guard. */
export interface ProjectKeyState extends RequestState {
  project: Project;
  keyKind: ApiKeyKind;
  keyPrefix: string;
  /** The project's curated-answer revision, read with the key in this request. */
  curatedRevision: string;
}

/** Every field any middleware may set: what the application and its router are typed with. */
export type AppState = RequestState &
  Partial<Omit<UserState, keyof RequestState>> &
  Partial<Omit<ProjectKeyState, keyof RequestState>>;

/** A router context whose state has been narrowed by the route's guard. */
export type RouteContext<State extends RequestState = RequestState> = RouterContext<State>;
