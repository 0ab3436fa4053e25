import { Container, ContainerModule } from 'inversify';
import { bindAuthUseCases } from './bindings/auth.bindings.js';
import { bindProjectUseCases } from './bindings/projects.bindings.js';
import { bindChatUseCases } from './bindings/chat.bindings.js';
import { bindCuratedAnswerUseCases } from './bindings/curated.bindings.js';
import { bindDocumentUseCases } from './bindings/documents.bindings.js';
import { bindLeadFlowUseCases } from './bindings/leads.bindings.js';
import { bindLeadAdministration } from './bindings/leads-admin.bindings.js';
import { bindPorts } from './bindings/ports.bindings.js';
import { bindSystemUseCases } from './bindings/system.bindings.js';
import { bindInsightsUseCases } from './bindings/insights.bindings.js';
import type { ChatBuddyConfig } from './config.js';
import type { Resources } from './resources.js';

/** A binding a test or host service replaces: a port symbol (or use case class) and its value. */
export type Override = readonly [
  serviceIdentifier: symbol | (abstract new (...args: never[]) => unknown),
  value: unknown,
];

export interface ContainerOptions {
  overrides?: readonly Override[];
}

/** Builds the container: ports bound to `resources`, every use case bound to its ports. */
export function createContainer(
  config: ChatBuddyConfig,
  resources: Resources,
  options: ContainerOptions = {},
): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind('ChatBuddyConfig').toConstantValue(config);
  container.load(
    new ContainerModule((module) => {
      bindPorts(module, resources);
      bindSystemUseCases(module);
      bindAuthUseCases(module, config);
      bindProjectUseCases(module);
      bindChatUseCases(module);
      bindCuratedAnswerUseCases(module);
      bindDocumentUseCases(module, config);
      bindLeadFlowUseCases(module, config);
      bindLeadAdministration(module);
      bindInsightsUseCases(module);
    }),
  );
  for (const [serviceIdentifier, value] of options.overrides ?? []) {
    container.rebind(serviceIdentifier as symbol).toConstantValue(value);
  }
  return container;
}
