// Shared by bench/event-fanout.ts and its writer process: `rate` events a second for
// `seconds`, each labelled, with the absolute time (timeOrigin + now, one clock across the
// bench's processes) it was handed to `write`.

export function now(): number {
  return performance.timeOrigin + performance.now();
}

export async function sendOnSchedule(rate: number, seconds: number, write: (label: string) => Promise<void>): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const interval = 1_000 / rate;
  const started = performance.now();
  const writes: Promise<void>[] = [];
  for (let index = 0; index < rate * seconds; index += 1) {
    const wait = started + index * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const label = `r${rate}-${index}`;
    sentAt.set(label, now());
    writes.push(write(label));
  }
  await Promise.all(writes);
  return sentAt;
}
