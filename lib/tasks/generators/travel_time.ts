import { formatRational, parseRational, rational } from "../../exact/rational.ts";
import { defineFamily, drawIn } from "./family.ts";

interface TravelParams {
  [key: string]: string | number | number[][];
  traveller: string;
  /** Legs as [distance km, speed km/h]. */
  legs: number[][];
}

const TRAVELLERS = ["A cyclist", "A runner", "A train", "A ferry", "A hiker", "A delivery van"];

/**
 * A travel-time word problem over several legs at different speeds; the answer is the total
 * time in hours as an exact fraction. Attributes: `legs` (1–4). Chain input: the first leg's
 * distance.
 *
 * @example
 * ```ts
 * import { travelTime } from "./travel_time.ts";
 * travelTime.answer({ traveller: "A cyclist", legs: [[30, 20], [10, 15]] }); // "13/6"
 * ```
 */
export const travelTime = defineFamily<TravelParams>({
  name: "travel_time",
  category: "word_problems",
  description: "Total time over legs at different speeds",
  answerKind: "rational",
  attributes: {
    legs: { description: "number of legs", levels: [1, 2, 3, 4], default: [2, 3], min: 1, max: 4 },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.legs!);
    return {
      traveller: rng.pick(TRAVELLERS),
      legs: Array.from(
        { length: n },
        () => [rng.int(2, 120), rng.pick([4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60])],
      ),
    };
  },
  difficulty: (p) => ({ legs: p.legs.length }),
  question(p, inputSymbol) {
    const legs = p.legs.map(([d, v], i) =>
      `${i === 0 && inputSymbol ? inputSymbol : d} km at ${v} km/h`
    );
    const list = legs.length === 1
      ? legs[0]
      : `${legs.slice(0, -1).join(", then ")} and finally ${legs.at(-1)}`;
    return `${p.traveller} covers ${list}. How many hours does the whole journey take? Give an exact fraction.`;
  },
  answer(p) {
    const [num, den] = p.legs.reduce(
      ([n, d], [dist, speed]) => [n * BigInt(speed!) + BigInt(dist!) * d, d * BigInt(speed!)],
      [0n, 1n],
    );
    return formatRational(rational(num, den));
  },
  check(p, answer) {
    const r = parseRational(answer);
    if (!r || formatRational(r) !== answer.trim()) return false;
    // Independent route: time × lcm-free cross-check in minutes as floating point.
    const minutes = p.legs.reduce((s, [d, v]) => s + (60 * d!) / v!, 0);
    return Math.abs((60 * Number(r.num)) / Number(r.den) - minutes) < 1e-6 * Math.max(1, minutes);
  },
  input: {
    describe: "the first leg's distance in km",
    min: 0n,
    max: 10n ** 9n,
    get: (p) => BigInt(p.legs[0]![0]!),
    set: (p, v) => ({ ...p, legs: [[Number(v), p.legs[0]![1]!], ...p.legs.slice(1)] }),
  },
});
