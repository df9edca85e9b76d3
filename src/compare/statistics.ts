/**
 * The statistics behind time verdicts: medians and the exact two-sided
 * Mann-Whitney U (Wilcoxon rank-sum) test.
 *
 * Why hand-written: CI compares 3 to 10 runs per side, where only the exact
 * distribution of U is right; the normal approximation that the small npm
 * Mann-Whitney packages use is off by a factor of two or more at n = 5.
 * simple-statistics has the rank sum but no p-value (its permutationTest
 * compares means over random permutations, so verdicts would change from one
 * call to the next), and @stdlib/stats has the signed-rank test for paired
 * samples and Student's t-test, neither of which fits two independent
 * small samples with outliers. The exact distribution is a short dynamic
 * program over ranks, and it handles ties by conditioning on the midranks.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface RankTest {
  /** Two-sided p-value of the exact test: the chance of a rank sum at least this far from its mean if both samples came from one distribution. */
  pValue: number;
  /**
   * Cliff's delta (the rank-biserial correlation): P(second > first) − P(second < first)
   * over all pairs, from −1 (every second value smaller) to 1 (every second value larger).
   */
  cliffsDelta: number;
}

/** Ranks 1…n of the pooled values, ties sharing their mean rank; doubled so that they are whole numbers. */
function doubledMidranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    // ranks start+1 … end+1 share their mean; doubled: start + end + 2
    for (let position = start; position <= end; position++) ranks[order[position].index] = start + end + 2;
    start = end + 1;
  }
  return ranks;
}

/**
 * How many ways each sum of `size` of the given whole numbers can be made:
 * ways[sum] over all subsets of that size (a knapsack count).
 */
function subsetSumCounts(numbers: readonly number[], size: number): number[] {
  const maxSum = numbers.reduce((sum, value) => sum + value, 0);
  // ways[k][s]: subsets of k numbers among those seen so far summing to s
  const ways = Array.from({ length: size + 1 }, () => new Array<number>(maxSum + 1).fill(0));
  ways[0][0] = 1;
  for (const value of numbers) {
    for (let k = size; k >= 1; k--) {
      const from = ways[k - 1];
      const to = ways[k];
      for (let sum = maxSum - value; sum >= 0; sum--) if (from[sum] !== 0) to[sum + value] += from[sum];
    }
  }
  return ways[size];
}

/** The exact two-sided Mann-Whitney U test of `first` against `second`, and Cliff's delta. */
export function mannWhitney(first: readonly number[], second: readonly number[]): RankTest {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return { pValue: 1, cliffsDelta: 0 };
  const ranks = doubledMidranks([...first, ...second]);
  const observed = ranks.slice(0, n1).reduce((sum, rank) => sum + rank, 0);
  const ways = subsetSumCounts(ranks, n1);
  // The mean rank sum is n1(n1 + n2 + 1)/2; doubled, like the ranks.
  const mean = n1 * (n1 + n2 + 1);
  const distance = Math.abs(observed - mean);
  let total = 0;
  let extreme = 0;
  for (let sum = 0; sum < ways.length; sum++) {
    if (ways[sum] === 0) continue;
    total += ways[sum];
    // A tolerance for the half-ranks of ties; sums are whole numbers, so 1e-9 changes nothing else.
    if (Math.abs(sum - mean) >= distance - 1e-9) extreme += ways[sum];
  }
  let greater = 0;
  let smaller = 0;
  for (const a of first) {
    for (const b of second) {
      if (b > a) greater++;
      else if (b < a) smaller++;
    }
  }
  return { pValue: Math.min(1, extreme / total), cliffsDelta: (greater - smaller) / (n1 * n2) };
}

/** The smallest two-sided p-value the exact test can give with these sample sizes: 2 / C(n1 + n2, n1). */
export function smallestPValue(n1: number, n2: number): number {
  let combinations = 1;
  for (let k = 1; k <= Math.min(n1, n2); k++) combinations = (combinations * (n1 + n2 - Math.min(n1, n2) + k)) / k;
  return Math.min(1, 2 / combinations);
}
