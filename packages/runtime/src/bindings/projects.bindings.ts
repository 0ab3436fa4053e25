import {
  ApiKeyRepository,
  AuthenticateApiKey,
  Clock,
  CreateProject,
  DeleteProject,
  DropDeletedProjectVectors,
  GetProject,
  IdGenerator,
  ListProjects,
  ModelGateway,
  ProjectRepository,
  ReleaseExpiredReservations,
  RotateApiKey,
  SecretHasher,
  SecureRandom,
  UnitOfWork,
  UpdateProject,
  VectorStore,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import { bindClass } from './bind-class.js';

/** Use cases of projects (tenants) and their keys. */
export function bindProjectUseCases({ bind }: ContainerModuleLoadOptions): void {
  const keys = [IdGenerator, SecureRandom, SecretHasher, Clock] as const;
  bindClass(bind, CreateProject, [UnitOfWork, ...keys, ModelGateway]);
  bindClass(bind, ListProjects, [ProjectRepository, ApiKeyRepository, Clock]);
  bindClass(bind, GetProject, [ProjectRepository, ApiKeyRepository, Clock]);
  bindClass(bind, UpdateProject, [ProjectRepository, ApiKeyRepository, Clock, ModelGateway]);
  bindClass(bind, DeleteProject, [ProjectRepository, VectorStore, UnitOfWork, IdGenerator, Clock]);
  bindClass(bind, RotateApiKey, [ProjectRepository, UnitOfWork, ...keys]);
  bindClass(bind, AuthenticateApiKey, [ApiKeyRepository, SecretHasher, Clock]);
  bindClass(bind, ReleaseExpiredReservations, [ProjectRepository, Clock]);
  bindClass(bind, DropDeletedProjectVectors, [ProjectRepository, VectorStore]);
}
