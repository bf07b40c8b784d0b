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

export function seedContext(seed: number, now: Date): SeedContext {
  const rng = new Rng(seed);
  const today = now.toISOString().slice(0, 10);
  return {
    rng,
    today,
    day: (offset) => addDays(today, offset),
    at: (offset) => {
      const minutes = rng.int(8 * 60, 18 * 60);
      return new Date(Date.parse(`${addDays(today, offset)}T00:00:00Z`) + minutes * 60_000);
    },
  };
}

/** A generated table: rows keyed by column, all with the same keys. */
export interface SeedTable {
  table: string;
  rows: Record<string, unknown>[];
}
