/** Logistic regression by batch gradient descent (few features, a few thousand rows). */
export function fitLogistic(
  rows: readonly number[][],
  labels: readonly boolean[],
  iterations = 3000,
  learningRate = 0.5,
): { intercept: number; weights: number[] } {
  const width = rows[0]?.length ?? 0;
  let intercept = 0;
  const weights = new Array<number>(width).fill(0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    let gradientIntercept = 0;
    const gradient = new Array<number>(width).fill(0);
    rows.forEach((row, index) => {
      const logit = intercept + row.reduce((sum, value, feature) => sum + value * weights[feature]!, 0);
      const error = 1 / (1 + Math.exp(-logit)) - (labels[index] ? 1 : 0);
      gradientIntercept += error;
      row.forEach((value, feature) => {
        gradient[feature]! += error * value;
      });
    });
    intercept -= (learningRate * gradientIntercept) / rows.length;
    weights.forEach((_, feature) => {
      weights[feature]! -= (learningRate * gradient[feature]!) / rows.length;
    });
  }
  return { intercept, weights };
}
