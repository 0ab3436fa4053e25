import { describe, expect, it } from 'vitest';
import { type SquadOutcome, summariseSquad } from './squad-evaluation.js';

const outcome = (overrides: Partial<SquadOutcome>): SquadOutcome => ({
  inCorpus: true,
  impossible: false,
  answered: true,
  right: true,
  confidence: 0.9,
  ...overrides,
});

describe('summariseSquad', () => {
  const outcomes = [
    outcome({}),
    outcome({ right: false, confidence: 0.5 }),
    outcome({ answered: false, right: false, confidence: 0 }),
    outcome({ impossible: true, right: false, confidence: 0.45 }),
    outcome({ impossible: true, answered: false, right: false, confidence: 0 }),
    outcome({ inCorpus: false, answered: false, right: false, confidence: 0 }),
  ];

  it('reports abstention on unanswerable questions about uploaded articles next to the answer rate', () => {
    const summary = summariseSquad(outcomes);
    expect(summary).toMatchObject({
      inCorpusAnswerable: 3,
      inCorpusUnanswerable: 2,
      outOfCorpus: 1,
      answerRateInCorpus: 0.6667,
      abstainRateUnanswerableInCorpus: 0.5,
      abstainRateOutOfCorpus: 1,
      goldInReplyOfAnswered: 0.5,
    });
  });

  it('traces the trade-off: a higher confidence threshold abstains on more unanswerables', () => {
    const curve = summariseSquad(outcomes).tradeOff;
    expect(curve[0]).toMatchObject({
      threshold: 0,
      answerRateInCorpus: 0.6667,
      abstainRateUnanswerableInCorpus: 0.5,
    });
    const at = (threshold: number) => curve.find((row) => row.threshold === threshold)!;
    expect(at(0.5)).toMatchObject({ answerRateInCorpus: 0.6667, abstainRateUnanswerableInCorpus: 1 });
    expect(at(0.6)).toMatchObject({ answerRateInCorpus: 0.3333, goldInReplyOfAnswered: 1 });
  });
});
