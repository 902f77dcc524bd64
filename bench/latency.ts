import { atMost, type Figure } from "./figures";
import { deployed, median } from "./sim";

/** Simulated round trip of every AWS call. */
export const LATENCY_MS = 100;
/** Read the config, then everything else in parallel: two sequential round trips at best. */
const FLOOR_MS = 2 * LATENCY_MS;

/** Wall time of an in-sync scheduled run with 100 ms per AWS call, over the two-round-trip floor. */
export async function criticalPath(runs = 7): Promise<Figure[]> {
  const d = await deployed();
  d.account.latencyMs = LATENCY_MS;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await d.scheduled()).ms);
  const ms = median(times);
  return [
    atMost(
      "critical path",
      `in-sync run at ${LATENCY_MS} ms/call`,
      ms / FLOOR_MS,
      1.25,
      "×",
      `median ${ms.toFixed(0)} ms of ${runs} runs (${times.map((t) => t.toFixed(0)).join(", ")}) / ${FLOOR_MS} ms floor`,
    ),
  ];
}
