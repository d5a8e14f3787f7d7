/** The one output format of every benchmark: a JSON line with the baseline measured in the same run. */
export interface BenchResult {
  bench: string;
  unit: string;
  value: number;
  baseline: number | null;
}

export function report(result: BenchResult): void {
  const ratio = result.baseline ? result.value / result.baseline : null;
  const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);
  process.stdout.write(
    `${JSON.stringify({ bench: result.bench, unit: result.unit, value: round(result.value), baseline: round(result.baseline), ratio: round(ratio) })}\n`,
  );
}
