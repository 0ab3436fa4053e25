import {
  ApiKeyRepository,
  AuthenticateApiKey,
  Clock,
  CreateProject,
  DeleteProject,
  GetProject,
  IdGenerator,
  ListProjects,
  ProjectRepository,
  RotateApiKey,
  SecretHasher,
  SecureRandom,
  UnitOfWork,
  UpdateProject,
  VectorStore,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';

/** Use cases of projects (tenants) and their keys. */
export function bindProjectUseCases({ bind }: ContainerModuleLoadOptions): void {
  bind(CreateProject)
    .toResolvedValue(
      (unitOfWork: UnitOfWork, ids: IdGenerator, random: SecureRandom, hasher: SecretHasher, clock: Clock) =>
        new CreateProject(unitOfWork, ids, random, hasher, clock),
      [UnitOfWork, IdGenerator, SecureRandom, SecretHasher, Clock],
    )
    .inSingletonScope();
  bind(ListProjects)
    .toResolvedValue(
      (projects: ProjectRepository, keys: ApiKeyRepository, clock: Clock) =>
        new ListProjects(projects, keys, clock),
      [ProjectRepository, ApiKeyRepository, Clock],
    )
    .inSingletonScope();
  bind(GetProject)
    .toResolvedValue(
      (projects: ProjectRepository, keys: ApiKeyRepository, clock: Clock) =>
        new GetProject(projects, keys, clock),
      [ProjectRepository, ApiKeyRepository, Clock],
    )
    .inSingletonScope();
  bind(UpdateProject)
    .toResolvedValue(
      (projects: ProjectRepository, keys: ApiKeyRepository, clock: Clock) =>
        new UpdateProject(projects, keys, clock),
      [ProjectRepository, ApiKeyRepository, Clock],
    )
    .inSingletonScope();
  bind(DeleteProject)
    .toResolvedValue(
      (projects: ProjectRepository, vectors: VectorStore) => new DeleteProject(projects, vectors),
      [ProjectRepository, VectorStore],
    )
    .inSingletonScope();
  bind(RotateApiKey)
    .toResolvedValue(
      (
        projects: ProjectRepository,
        unitOfWork: UnitOfWork,
        ids: IdGenerator,
        random: SecureRandom,
        hasher: SecretHasher,
        clock: Clock,
      ) => new RotateApiKey(projects, unitOfWork, ids, random, hasher, clock),
      [ProjectRepository, UnitOfWork, IdGenerator, SecureRandom, SecretHasher, Clock],
    )
    .inSingletonScope();
  bind(AuthenticateApiKey)
    .toResolvedValue(
      (keys: ApiKeyRepository, hasher: SecretHasher, clock: Clock) =>
        new AuthenticateApiKey(keys, hasher, clock),
      [ApiKeyRepository, SecretHasher, Clock],
    )
    .inSingletonScope();
}
