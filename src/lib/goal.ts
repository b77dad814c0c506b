/**
 * The goal to show: the campaign's own goal until it is reached, then the next milestone
 * above the count, then the next round number (1, 2, 5 × 10ⁿ) above it — so a bar that hit
 * 100% keeps something to grow toward. The original goal is kept and reported separately.
 */
export function nextGoal(count: number, goal: number, milestones: readonly number[]): number {
  if (count < goal) return goal;
  const milestone = milestones.filter((m) => m > count).sort((a, b) => a - b)[0];
  if (milestone !== undefined) return milestone;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(count, 1)));
  for (const factor of [1, 2, 5]) if (factor * magnitude > count) return factor * magnitude;
  return 10 * magnitude;
}
