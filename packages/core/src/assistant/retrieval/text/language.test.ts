import { describe, expect, it } from 'vitest';
import { analyse, languageOf, tokenize } from './analysis.js';
import { detectLanguage, isWellSupportedIn } from './language.js';
import { germanLightStem, spanishLightStem } from './light-stemmers.js';
import { porter2 } from './porter2-stemmer.js';
import { englishStopWords } from './stop-words.js';

describe('language detection', () => {
  it('tells German and Spanish questions and passages from English ones', () => {
    expect(languageOf('Wie lange dauert die Lieferung nach Österreich?')).toBe('de');
    expect(languageOf('Kann ich mit PayPal bezahlen?')).toBe('de');
    expect(languageOf('¿Cuánto tarda en llegar mi pedido?')).toBe('es');
    expect(languageOf('Los pedidos superiores a 50 euros tienen envío gratuito en la península.')).toBe('es');
    expect(languageOf('How do I close the pool when the app shuts down?')).toBe('en');
    expect(languageOf('0-dimensional biomaterials show inductive properties.')).toBe('en');
  });

  it('needs two different marker words', () => {
    expect(languageOf('Größe der Zelte')).toBe('en');
    expect(languageOf('¿Envío gratis?')).toBe('en');
    expect(languageOf('¿Hay envío gratis para mi pedido?')).toBe('es');
    expect(
      languageOf(
        'PKG-la plays an essential role in expression of spinal long term potentiation in PGK-la knockout mice.',
      ),
    ).toBe('en');
  });

  it('keeps English text with a few foreign words English', () => {
    expect(languageOf('The de novo synthesis of la protein was measured in vivo by the authors.')).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});

describe('analysis by language', () => {
  it('analyses English exactly as the English analyser always did', () => {
    const text = 'The runners were running quickly through the generously sized meeting rooms.';
    const english = tokenize(text)
      .filter((token) => !englishStopWords.has(token))
      .map((token) => porter2(token));
    expect(analyse(text)).toEqual(english);
    expect(analyse(text, 'en')).toEqual(english);
  });

  it('drops German stop words and stems German inflections alike', () => {
    expect(analyse('Wie hoch sind die Versandkosten?')).toEqual(['hoch', 'versandkost']);
    expect(analyse('Ab einem Bestellwert von 60 Euro liefern wir versandkostenfrei.')).toEqual([
      'ab',
      'bestellwert',
      '60',
      'euro',
      'lief',
      'versandkostenfrei',
    ]);
    expect(analyse('Zelte', 'de')).toEqual(analyse('Zelt', 'de'));
  });

  it('drops Spanish stop words and stems Spanish plurals to their singular', () => {
    expect(analyse('¿Cómo puedo devolver un producto?')).toEqual(['devolver', 'product']);
    expect(analyse('las devoluciones de los productos', 'es')).toEqual(['devolucion', 'product']);
  });
});

describe('light stemmers', () => {
  it('stem German like Savoy’s light stemmer', () => {
    const expected: Record<string, string> = {
      versandkosten: 'versandkost',
      zelte: 'zelt',
      kunden: 'kund',
      lieferung: 'lieferung',
      schlafsacke: 'schlafsack',
      kindern: 'kind',
      tages: 'tag',
      gross: 'gross',
    };
    for (const [word, stemmed] of Object.entries(expected)) expect(germanLightStem(word), word).toBe(stemmed);
  });

  it('stem Spanish like Savoy’s light stemmer', () => {
    const expected: Record<string, string> = {
      devoluciones: 'devolucion',
      pedidos: 'pedid',
      pedido: 'pedid',
      luces: 'luz',
      meses: 'mes',
      tarjeta: 'tarjet',
      envio: 'envi',
      sol: 'sol',
    };
    for (const [word, stemmed] of Object.entries(expected))
      expect(spanishLightStem(word), word).toBe(stemmed);
  });
});

describe('support needed to answer', () => {
  it('asks German and Spanish questions for two thirds of their words in one sentence', () => {
    expect(isWellSupportedIn('en', 0.2)).toBe(true);
    expect(isWellSupportedIn('de', 0.61)).toBe(false);
    expect(isWellSupportedIn('es', 0.66)).toBe(true);
  });
});
