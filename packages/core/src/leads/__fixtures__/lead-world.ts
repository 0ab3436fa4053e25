import type { Project } from '../../projects/project.js';
import { setUpChat } from '../../testing/chat-fixture.js';
import { InMemoryLeadRepository } from '../../testing/in-memory-lead-repository.js';
import type { LeadVerified } from '../../ports/lead-verified-listener.port.js';
import { defaultLeadFlowSettings, type LeadFlowSettings } from '../lead-flow-settings.js';
import { LeadVerifiedListeners } from '../lead-verified-listeners.js';
import { AssistantChat } from '../use-cases/assistant-chat/assistant-chat.use-case.js';
import { ResendLeadOtp } from '../use-cases/resend-lead-otp/resend-lead-otp.use-case.js';
import { VerifyLeadOtp } from '../use-cases/verify-lead-otp/verify-lead-otp.use-case.js';

/** A project with lead capture over the Acme facts, and the three flow use cases on in-memory fakes. */
export async function setUpLeadFlow(
  projectPatch: Partial<Project> = {},
  settings: LeadFlowSettings = defaultLeadFlowSettings,
) {
  const world = await setUpChat({
    assistant: { leadCapture: true, privacyNoticeUrl: 'https://acme.example/privacy' },
    modelConfig: { assistantMessageLimit: 2 },
    ...projectPatch,
  });
  const { ports } = world;
  const leads = new InMemoryLeadRepository(ports.db);
  const listeners = new LeadVerifiedListeners(ports.logger);
  const verified: LeadVerified[] = [];
  listeners.subscribe({ leadVerified: async (event) => void verified.push(event) });
  const verify = new VerifyLeadOtp(leads, ports.secretHasher, ports.clock, listeners, settings);
  const codePorts = [ports.rateLimiter, ports.mailer, ports.secretHasher, ports.random, ports.ids, ports.clock] as const;
  const chat = new AssistantChat(leads, world.ask, verify, ...codePorts, settings);
  const resend = new ResendLeadOtp(leads, ...codePorts, settings);
  const embedCallsAtStart = ports.models.embedding.calls.length;
  /** The code in the last email to `email`. */
  const lastCode = (email: string) => /\b(\d{6})\b/.exec(ports.mailer.lastTo(email)?.subject ?? '')?.[1] ?? null;
  /** Calls that reached retrieval or a model since setup. */
  const modelTraffic = () =>
    ports.models.chat.requests.length + ports.models.embedding.calls.length - embedCallsAtStart;
  return { ...world, leads, listeners, verified, verify, chat, resend, lastCode, modelTraffic };
}
