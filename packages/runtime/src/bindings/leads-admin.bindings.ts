import {
  Clock,
  CsvEncoder,
  EraseLead,
  ExportLeads,
  IdGenerator,
  LeadDirectory,
  ListLeads,
  Logger,
  Mailer,
  NotifyVerifiedLead,
  ProjectRepository,
  PurgeExpiredLeads,
  UserRepository,
  WebhookDeliveryRepository,
  WebhookSender,
} from '@chatbuddy/core';
import type { ContainerModuleLoadOptions } from 'inversify';
import { bindClass } from './bind-class.js';
import { AccountBranding } from './tokens.js';

/** Use cases of the business side of leads: list, export, erase, retention, notification. */
export function bindLeadAdministration({ bind }: ContainerModuleLoadOptions): void {
  bindClass(bind, ListLeads, [ProjectRepository, LeadDirectory]);
  bindClass(bind, ExportLeads, [ProjectRepository, LeadDirectory, CsvEncoder]);
  bindClass(bind, EraseLead, [ProjectRepository, LeadDirectory]);
  bindClass(bind, PurgeExpiredLeads, [ProjectRepository, LeadDirectory, Clock]);
  bindClass(bind, NotifyVerifiedLead, [
    ProjectRepository,
    UserRepository,
    LeadDirectory,
    Mailer,
    WebhookSender,
    WebhookDeliveryRepository,
    IdGenerator,
    Clock,
    Logger,
    AccountBranding,
  ]);
}
