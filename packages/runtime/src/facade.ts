import {
  type AskOptions,
  AskQuestion,
  type AskQuestionInput,
  type ChatAnswer,
  CreateProject,
  type CreateProjectInput,
  type CreatedProject,
  DeleteDocument,
  DeleteProject,
  type DocumentSummary,
  type IntakeOptions,
  DomainError,
  EnsureServiceAccount,
  ListDocuments,
  type Page,
  ProjectRepository,
  UploadDocument,
  UploadDocumentFile,
  uploadDocumentFileInput,
  uploadDocumentInput,
  parseInput,
} from '@chatbuddy/core';
import type { Container } from 'inversify';
import { z } from 'zod';

/** The embedding API of spec §6: the common operations without HTTP. */
export interface ChatBuddyFacade {
  projects: {
    /**
     * Creates a project and returns its keys once. Owned by `ownerId` (a dashboard user id), or by
     * a service account that cannot log in when the host application has no users.
     */
    create(input: CreateProjectInput & { ownerId?: string }): Promise<CreatedProject>;
    /**
     * Deletes a project with everything it holds (documents, chunks, vectors, conversations,
     * keys), in its owner's name; `project_not_found` when there is no such project.
     */
    remove(projectId: string): Promise<void>;
  };
  documents: {
    /**
     * Stores and indexes a document. With `respondAsync` it resolves once the document is stored
     * (`indexing`) and is indexed in the background; `close()` waits for that.
     */
    upload(
      projectId: string,
      input: { content: string; title?: string; metadata?: Record<string, unknown> },
      options?: IntakeOptions,
    ): Promise<DocumentSummary>;
    uploadFile(
      projectId: string,
      input: { filename: string; bytes: Uint8Array; mimeType?: string; title?: string },
      options?: IntakeOptions,
    ): Promise<DocumentSummary>;
    list(projectId: string, page?: { limit?: number; cursor?: string }): Promise<Page<DocumentSummary>>;
    remove(projectId: string, documentId: string): Promise<void>;
  };
  chat: {
    ask(projectId: string, input: AskQuestionInput, options?: AskOptions): Promise<ChatAnswer>;
  };
}

/** Builds the facade over a container's use cases. */
export function createFacade(container: Container): ChatBuddyFacade {
  const get = <T>(id: unknown) => container.get<T>(id as symbol);
  return {
    projects: {
      create: async ({ ownerId, ...input }) =>
        get<CreateProject>(CreateProject).execute(
          { id: ownerId ?? (await get<EnsureServiceAccount>(EnsureServiceAccount).execute()), role: 'user' },
          input,
        ),
      remove: async (projectId) => {
        const project = z.uuid().safeParse(projectId).success
          ? await get<ProjectRepository>(ProjectRepository).findById(projectId)
          : null;
        if (!project) throw new DomainError('project_not_found', 'Project not found');
        await get<DeleteProject>(DeleteProject).execute({ id: project.ownerId, role: 'user' }, project.id);
      },
    },
    documents: {
      upload: (projectId, input, options) =>
        get<UploadDocument>(UploadDocument).execute(
          projectId,
          parseInput(uploadDocumentInput, input),
          options,
        ),
      uploadFile: (projectId, input, options) =>
        get<UploadDocumentFile>(UploadDocumentFile).execute(
          projectId,
          parseInput(uploadDocumentFileInput, input),
          options,
        ),
      list: (projectId, page = {}) =>
        get<ListDocuments>(ListDocuments).execute(projectId, {
          limit: page.limit ?? 20,
          cursor: page.cursor,
        }),
      remove: async (projectId, documentId) => {
        await get<DeleteDocument>(DeleteDocument).execute(projectId, { documentId });
      },
    },
    chat: {
      ask: async (projectId, input, options) => {
        const project = await get<ProjectRepository>(ProjectRepository).findById(projectId);
        if (!project) throw new DomainError('project_not_found', 'Project not found');
        return get<AskQuestion>(AskQuestion).execute(project, input, { endpoint: 'embedded', ...options });
      },
    },
  };
}
