import { storedText } from './stored-text.js';

/** Stored text without control characters (newlines and tabs allowed). */
export const safeText = (max: number) =>
  storedText()
    .max(max)
    .refine(
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
      'must not contain control characters',
    );
