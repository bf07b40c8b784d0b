import { addDays } from '../query/literals.js';
import { Rng } from './prng.js';

/** Everything a generator needs: the PRNG and the day all seeded dates are relative to. */
export interface SeedContext {
  rng: Rng;
  /** 'yyyy-MM-dd' (UTC) of the sandbox's "now". */
  today: string;
  /** A calendar day `offset` days from today. */
  day(offset: number): string;
  /** An instant on the day `offset` days from today, at a working hour picked by the PRNG. */
  at(offset: number): Date;
}

const DAY_MS = 86_400_000;

export function seedContext(seed: number, now: Date): SeedContext {
  const rng = new Rng(seed);
  const today = now.toISOString().slice(0, 10);
  const midnight = Date.parse(`${today}T00:00:00Z`);
  // Tens of thousands of rows ask for the same few hundred days: format each once.
  const days = new Map<number, string>();
  return {
    rng,
    today,
    day: (offset) => {
      let day = days.get(offset);
      if (day === undefined) days.set(offset, (day = addDays(today, offset)));
      return day;
    },
    at: (offset) => new Date(midnight + offset * DAY_MS + rng.int(8 * 60, 18 * 60) * 60_000),
  };
}

/** A generated table: rows keyed by column, all with the same keys. */
export interface SeedTable {
  table: string;
  rows: Record<string, unknown>[];
}
