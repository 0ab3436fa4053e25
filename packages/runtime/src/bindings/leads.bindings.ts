import {
  AskQuestion,
  AssistantChat,
  Clock,
  IdGenerator,
  LeadFlowSettings,
  LeadRepository,
  LeadVerifiedListeners,
  Logger,
  leadFlowSettings,
  Mailer,
  RateLimiter,
  ResendLeadOtp,
  SecretHasher,
  SecureRandom,
  VerifyLeadOtp,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { ChatBuddyConfig } from '../config.js';
import { bindClass } from './bind-class.js';
import { AccountBranding } from './tokens.js';

/**
 * The assistant's lead-capture flow. `LeadVerifiedListeners` is the hook for verified leads:
 * resolve it and `subscribe` a listener (owner email, webhook).
 */
export function bindLeadFlowUseCases({ bind }: ContainerModuleLoadOptions, config: ChatBuddyConfig): void {
  bind(LeadFlowSettings).toConstantValue(
    leadFlowSettings({ sessionIdleSeconds: config.leadSessionIdleSeconds }),
  );
  bindClass(bind, LeadVerifiedListeners, [Logger]);
  bindClass(bind, VerifyLeadOtp, [
    LeadRepository,
    SecretHasher,
    Clock,
    LeadVerifiedListeners,
    LeadFlowSettings,
  ]);
  const codes = [
    LeadRepository,
    RateLimiter,
    Mailer,
    SecretHasher,
    SecureRandom,
    IdGenerator,
    Clock,
  ] as const;
  bindClass(bind, ResendLeadOtp, [...codes, LeadFlowSettings, AccountBranding]);
  bindClass(bind, AssistantChat, [
    LeadRepository,
    AskQuestion,
    VerifyLeadOtp,
    RateLimiter,
    Mailer,
    SecretHasher,
    SecureRandom,
    IdGenerator,
    Clock,
    LeadFlowSettings,
    AccountBranding,
  ]);
}
