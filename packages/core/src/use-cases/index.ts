export * from './ask-question/ask-question.input.js';
export * from './ask-question/ask-question.use-case.js';
export * from './ask-question/generate-answer.js';
export * from './list-conversations/list-conversations.use-case.js';
export * from './list-messages/list-messages.use-case.js';
