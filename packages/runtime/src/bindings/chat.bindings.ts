import {
  AskQuestion,
  Clock,
  ConversationRepository,
  DocumentRepository,
  GetUsage,
  IdGenerator,
  LexicalIndex,
  ListConversations,
  ListMessages,
  ModelGateway,
  ProjectRepository,
  Retriever,
  TokenCounter,
  UnitOfWork,
  UsageRepository,
  VectorStore,
} from '@chatbuddy/core';
import { englishTermWeight } from '@chatbuddy/adapters-llm';
import type { ContainerModuleLoadOptions } from 'inversify';

/** Retrieval, chat, conversations and usage. */
export function bindChatUseCases({ bind }: ContainerModuleLoadOptions): void {
  bind(Retriever)
    .toResolvedValue(
      (vectorStore: VectorStore, lexicalIndex: LexicalIndex, documents: DocumentRepository) =>
        new Retriever({ vectorStore, lexicalIndex, documents }, { termWeight: englishTermWeight }),
      [VectorStore, LexicalIndex, DocumentRepository],
    )
    .inSingletonScope();
  bind(AskQuestion)
    .toResolvedValue(
      (
        models: ModelGateway,
        projects: ProjectRepository,
        conversations: ConversationRepository,
        usage: UsageRepository,
        unitOfWork: UnitOfWork,
        tokenCounter: TokenCounter,
        clock: Clock,
        ids: IdGenerator,
        retriever: Retriever,
      ) =>
        new AskQuestion(
          { models, projects, conversations, usage, unitOfWork, tokenCounter, clock, ids },
          retriever,
        ),
      [
        ModelGateway,
        ProjectRepository,
        ConversationRepository,
        UsageRepository,
        UnitOfWork,
        TokenCounter,
        Clock,
        IdGenerator,
        Retriever,
      ],
    )
    .inSingletonScope();
  bind(ListConversations)
    .toResolvedValue(
      (conversations: ConversationRepository) => new ListConversations(conversations),
      [ConversationRepository],
    )
    .inSingletonScope();
  bind(ListMessages)
    .toResolvedValue(
      (conversations: ConversationRepository) => new ListMessages(conversations),
      [ConversationRepository],
    )
    .inSingletonScope();
  bind(GetUsage)
    .toResolvedValue(
      (usage: UsageRepository, clock: Clock) => new GetUsage(usage, clock),
      [UsageRepository, Clock],
    )
    .inSingletonScope();
}
