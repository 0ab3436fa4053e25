/**
 * What kind of answer a question asks for, when its wording says so ("how much", "how long",
 * "when", "how many"), and whether a quotable unit holds one. The extractive answerer prefers,
 * among sentences that support the question almost as well as the best one, a sentence that holds
 * the kind asked for: "How much is shipping?" is answered with the sentence that gives a price,
 * not with the first sentence that says "ship". English, German and Spanish wordings. Core's
 * `answersQuestionType` is a narrower check of the same idea that the reported confidence was
 * calibrated with; it stays as fitted.
 */
export type AnswerKind = 'price' | 'duration' | 'time' | 'number';

const durationQuestion =
  /\bhow long\b|\bhow many (?:more )?(?:working |business |calendar )?(?:seconds|minutes|hours|days|nights|weeks|months|years)\b|\bwie lange?\b|\bcu[aá]nto tiempo\b|\bcu[aá]nt[oa]s (?:d[ií]as|horas|semanas|meses|a[ñn]os)\b/;
const priceQuestion =
  /\bhow much (?:is|are|does|do|did|will|would|was|were|for|to|it|money)\b|\bhow much\s*\??$|\b(?:cost|costs|price|prices|priced|pricing|fee|fees|charge|charges|charged)\b|\bwie ?viel (?:kostet|kosten|zahle|bezahle|ist|sind|verlangt)\b|\bkostet\b|\bkosten\b|\bpreis|\bgeb[üu]hr|\bcu[aá]nto (?:cuesta|cuestan|vale|valen|cobr|pago|es|son)\b|\bprecio|\bcuesta\b|\bcoste\b|\bcosto\b|\btarifa/;
const timeQuestion =
  /^\s*(?:and |so |but )?when\b|\b(?:by|until|till) when\b|\bwhat time\b|\bwhich (?:day|date|month|year|time)\b|\bwhat (?:day|date|month|year)\b|\bwann\b|\bcu[aá]ndo\b|\bdeadline\b|\blast (?:order |posting |delivery )?date\b|\bopening (?:hours|times)\b|\b[öo]ffnungszeiten\b|\bhorario\b/;
const numberQuestion =
  /\bhow many\b|\bhow much\b|\bwhat (?:percentage|percent|number|proportion|share|amount)\b|\bhow (?:old|far|big|large|small|tall|high|heavy|fast|often|wide|deep)\b|\bwie (?:viele|alt|weit|oft|gro[ßs]|hoch|schwer)\b|\bcu[aá]nt[oa]s?\b/;

/** The kind of answer `question` asks for, or null when its wording does not say. */
export function expectedAnswerKind(question: string): AnswerKind | null {
  const text = question.toLowerCase().replace(/\s+/g, ' ').trim();
  if (durationQuestion.test(text)) return 'duration';
  if (priceQuestion.test(text)) return 'price';
  if (timeQuestion.test(text)) return 'time';
  if (numberQuestion.test(text)) return 'number';
  return null;
}

const count =
  '(?:\\d+(?:[.,]\\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|a few|several|a couple of|ein(?:e|en)?|zwei|drei|vier|f[üu]nf|sechs|sieben|acht|neun|zehn|zw[öo]lf|un[oa]?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce)';
const range = `${count}(?:\\s?(?:–|-|to|or|bis|a|y|o)\\s?${count})?`;
const durationUnit =
  '(?:working |business |calendar |full |whole )?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|sekunden|minuten|stunden?|tagen?|tage|wochen?|monaten?|monate|jahren?|jahre|werktagen?|werktage|segundos?|minutos?|horas?|d[ií]as?|semanas?|mes(?:es)?|a[ñn]os?)';
const durationUnitText = new RegExp(
  `\\b${range}[\\s-]+${durationUnit}\\b|\\b(?:next|same|following) (?:working |business )?day\\b|\\bovernight\\b|\\bwithin (?:a|an|one) (?:day|hour|week|month)\\b`,
  'i',
);
const priceText =
  /[£$€¥₹]\s?\d|\d(?:[.,]\d+)?\s?(?:€|£|\$|eur\b|euros?\b|usd\b|gbp\b|chf\b|dollars?\b|pounds?\b|cents?\b|pence\b|franken\b|d[oó]lares\b|libras\b)|(?:\b(?:is|are|for|it's)|[:|–-])\s*free\b|\bfree (?:of charge|delivery|shipping|returns?|collection|standard|express|exchanges?)\b|\bno (?:extra )?charge\b|\bat no (?:extra )?cost\b|\bkostenlos\b|\bgratis\b|\bgratuit[oa]s?\b/i;
const monthOrDay =
  /\b(?:january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?|januar|februar|m[äa]rz|juni|juli|oktober|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\b/i;
const clockOrYear =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}\.? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.|uhr)\b|\b(?:1[0-9]|20)\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:noon|midnight|today|tomorrow|tonight|yesterday|heute|morgen|hoy|mañana)\b|\b(?:century|decade|jahrhundert|siglo)\b/i;
const numberText =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozens?|half|quarter|twice|thrice|zwei|drei|vier|f[üu]nf|sechs|sieben|acht|neun|zehn|hundert|tausend|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|cien|mil)\b/i;

/** Whether `text` holds an answer of `kind` (a price, a duration, a date or time, a number). */
export function holdsAnswerKind(text: string, kind: AnswerKind): boolean {
  switch (kind) {
    case 'price':
      return priceText.test(text);
    case 'duration':
      return durationUnitText.test(text);
    case 'time':
      return monthOrDay.test(text) || clockOrYear.test(text);
    case 'number':
      return numberText.test(text);
  }
}
