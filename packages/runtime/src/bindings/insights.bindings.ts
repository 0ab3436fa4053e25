import {
  AnalyticsReader,
  Clock,
  ConversationRepository,
  FeedbackRepository,
  GetAnalytics,
  GiveFeedback,
  UsageRepository,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import { bindClass } from './bind-class.js';

/** Use cases of feedback on answers and analytics. */
export function bindInsightsUseCases({ bind }: ContainerModuleLoadOptions): void {
  bindClass(bind, GiveFeedback, [ConversationRepository, FeedbackRepository, Clock]);
  bindClass(bind, GetAnalytics, [AnalyticsReader, UsageRepository, Clock]);
}
