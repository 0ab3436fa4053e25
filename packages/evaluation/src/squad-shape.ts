const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with one question of `where`, or `null`. */
function questionProblem(qa: unknown, where: string): string | null {
  if (!isObject(qa)) return `${where} is not an object`;
  if (typeof qa.question !== 'string') return `${where} has no "question" text`;
  if (
    !Array.isArray(qa.answers) ||
    qa.answers.some((answer) => !isObject(answer) || typeof answer.text !== 'string')
  )
    return `${where} has no "answers" list of {"text": …}`;
  return null;
}

/**
 * What keeps `parsed` from being SQuAD v2 (`{"data": [{"title", "paragraphs": [{"context",
 * "qas": [{"question", "answers"}]}]}]}`), naming the first place at fault; `null` when it is.
 * Checked whole before the run, so that a wrong file fails at once and not minutes into it.
 */
export function squadProblem(parsed: unknown): string | null {
  if (!isObject(parsed) || !Array.isArray(parsed.data)) return 'no "data" list';
  for (const [articleIndex, article] of parsed.data.entries()) {
    const where = `data[${articleIndex}]`;
    if (!isObject(article) || typeof article.title !== 'string') return `${where} has no "title" text`;
    if (!Array.isArray(article.paragraphs)) return `${where} has no "paragraphs" list`;
    for (const [paragraphIndex, paragraph] of article.paragraphs.entries()) {
      const at = `${where}.paragraphs[${paragraphIndex}]`;
      if (!isObject(paragraph) || typeof paragraph.context !== 'string') return `${at} has no "context" text`;
      if (!Array.isArray(paragraph.qas)) return `${at} has no "qas" list`;
      for (const [qaIndex, qa] of paragraph.qas.entries()) {
        const problem = questionProblem(qa, `${at}.qas[${qaIndex}]`);
        if (problem) return problem;
      }
    }
  }
  return null;
}
