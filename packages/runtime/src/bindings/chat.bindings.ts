import {
  AskQuestion,
  Clock,
  ConversationRepository,
  CuratedAnswerIndex,
  DocumentRepository,
  FeedbackRepository,
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
import { bindClass, bindFactory } from './bind-class.js';

/** Retrieval, chat, conversations and usage. */
export function bindChatUseCases({ bind }: ContainerModuleLoadOptions): void {
  bindFactory(
    bind,
    Retriever,
    (vectorStore, lexicalIndex, documents) =>
      new Retriever({ vectorStore, lexicalIndex, documents }, { termWeight: englishTermWeight }),
    [VectorStore, LexicalIndex, DocumentRepository],
  );
  bindClass(bind, AskQuestion, [
    ModelGateway,
    ProjectRepository,
    ConversationRepository,
    UsageRepository,
    UnitOfWork,
    TokenCounter,
    Clock,
    IdGenerator,
    Retriever,
    CuratedAnswerIndex,
  ]);
  bindClass(bind, ListConversations, [ConversationRepository]);
  bindClass(bind, ListMessages, [ConversationRepository, FeedbackRepository]);
  bindClass(bind, GetUsage, [UsageRepository, Clock]);
}
