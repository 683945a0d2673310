/** min / median / max of a few runs, so that a figure comes with its noise. */
export function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted.at(-1) as number };
}

export function formatSpread(values: number[], digits = 2, unit = ''): string {
  const { min, median, max } = spread(values);
  return `${median.toFixed(digits)}${unit} (min ${min.toFixed(digits)}, max ${max.toFixed(digits)}, ${values.length} runs)`;
}
