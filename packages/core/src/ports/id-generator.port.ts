/** New unique ids for entities. */
export const IdGenerator = Symbol.for('chatbuddy.IdGenerator');
export interface IdGenerator {
  /** A new UUID (lower-case, hyphenated). */
  newId(): string;
}
