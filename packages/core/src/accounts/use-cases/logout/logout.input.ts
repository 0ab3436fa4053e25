import { refreshSessionInput } from '../refresh-session/refresh-session.input.js';

export const logoutInput = refreshSessionInput;

export type LogoutInput = { refreshToken: string };
