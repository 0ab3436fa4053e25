import { describe, expect, it } from 'vitest';
import { expectedAnswerKind, holdsAnswerKind } from './answer-kinds.js';

describe('expectedAnswerKind', () => {
  it('reads the kind of answer from the wording, in English, German and Spanish', () => {
    expect(expectedAnswerKind('How much is shipping?')).toBe('price');
    expect(expectedAnswerKind('What does delivery to Germany cost?')).toBe('price');
    expect(expectedAnswerKind('Wie viel kostet der Versand?')).toBe('price');
    expect(expectedAnswerKind('¿Cuánto cuesta el envío?')).toBe('price');
    expect(expectedAnswerKind('How long does shipping take?')).toBe('duration');
    expect(expectedAnswerKind('How many days do I have to return a mug?')).toBe('duration');
    expect(expectedAnswerKind('Wie lange dauert die Lieferung?')).toBe('duration');
    expect(expectedAnswerKind('¿Cuánto tiempo tarda el envío?')).toBe('duration');
    expect(expectedAnswerKind('When is the last order date?')).toBe('time');
    expect(expectedAnswerKind('Wann öffnet der Laden?')).toBe('time');
    expect(expectedAnswerKind('How many mugs are in a set?')).toBe('number');
    expect(expectedAnswerKind('How much water does a plant need?')).toBe('number');
  });

  it('says nothing when the wording does not ask for a kind', () => {
    expect(expectedAnswerKind('Do you ship to Japan?')).toBeNull();
    expect(expectedAnswerKind('What is the return policy?')).toBeNull();
    expect(expectedAnswerKind('Who makes the mugs?')).toBeNull();
  });
});

describe('holdsAnswerKind', () => {
  it('finds prices, durations, dates and numbers', () => {
    expect(holdsAnswerKind('Standard delivery costs £4.95.', 'price')).toBe(true);
    expect(holdsAnswerKind('Express delivery takes 1 working day and costs 9 EUR.', 'price')).toBe(true);
    expect(holdsAnswerKind('| Studio collection | ready in 2 hours | free |', 'price')).toBe(true);
    expect(holdsAnswerKind('Feel free to write to us.', 'price')).toBe(false);
    expect(holdsAnswerKind('We do not currently ship to other countries.', 'price')).toBe(false);
    expect(holdsAnswerKind('Delivery takes 2–3 working days.', 'duration')).toBe(true);
    expect(holdsAnswerKind('Express arrives the next working day.', 'duration')).toBe(true);
    expect(holdsAnswerKind('Die Lieferung dauert drei Werktage.', 'duration')).toBe(true);
    expect(holdsAnswerKind('El envío tarda 5 días.', 'duration')).toBe(true);
    expect(holdsAnswerKind('Orders are packed by hand.', 'duration')).toBe(false);
    expect(holdsAnswerKind('The last order date is 18 December.', 'time')).toBe(true);
    expect(holdsAnswerKind('Orders placed before 13:00 leave the same day.', 'time')).toBe(true);
    expect(holdsAnswerKind('He died in 1797.', 'time')).toBe(true);
    expect(holdsAnswerKind('You may return any item.', 'time')).toBe(false);
    expect(holdsAnswerKind('A set holds four mugs.', 'number')).toBe(true);
    expect(holdsAnswerKind('A set holds mugs.', 'number')).toBe(false);
  });
});
