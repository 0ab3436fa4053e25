import type { Project } from '../projects/index.js';

type ProjectFacts = Pick<Project, 'name' | 'assistant'>;

/** Every fixed text a visitor sees in the lead-capture flow, in one place. */
export const leadReplies = {
  /** First reply: why name and email are asked, the privacy notice, then the first question. */
  greeting(project: ProjectFacts): string {
    const why = `Hi! Before we chat, ${project.name} asks for your name and email address so it can follow up on your questions; your email is confirmed with a one-time code.`;
    const notice = project.assistant.privacyNoticeUrl
      ? ` How your details are used: ${project.assistant.privacyNoticeUrl}`
      : '';
    return `${why}${notice} What is your name?`;
  },
  askName: 'What is your name?',
  invalidName: 'Please tell me your name (1 to 100 characters).',
  askEmail: (name: string) =>
    `Thanks, ${name}! What is your email address? I will send a 6-digit code to confirm it.`,
  invalidEmail:
    'That does not look like an email address: it needs a name, an @ and a domain, like jane@example.com. Please try again.',
  codeSent: (email: string, minutes: number) =>
    `I sent a 6-digit code to ${email}. Enter it here to continue; it expires in ${minutes} minutes.`,
  askCode: (email: string) =>
    `Please enter the 6-digit code sent to ${email}. No email? Ask for a new code. To use another address, start again.`,
  codeResent: (email: string, minutes: number) =>
    `A new 6-digit code is on its way to ${email}; it expires in ${minutes} minutes.`,
  verified: (name: string) => `Thank you, ${name}, your email is confirmed. What would you like to know?`,
  welcome: (project: ProjectFacts) =>
    project.assistant.welcomeMessage ?? `Hi! Ask me anything about ${project.name}.`,
  limitReached: (limit: number) =>
    `You have used all ${limit} answers available to you here. Thank you for your questions: the team can follow up by email.`,
  sessionExpired: 'This conversation has expired or is unknown. Please start again.',
};
