import type { FromSchema, JSONSchema } from "json-schema-to-ts";
import { describe, expectTypeOf, it } from "vitest";
import type {
  CommunityRowFacts,
  Figure,
  PairingFacts,
  TierReasonFacts,
} from "../../src/identification/reason-facts.ts";
import type {
  COMMUNITY_FACTS_SHOWN,
  PAIRING_FACTS,
  TIER_REASON_FACTS,
} from "../../src/results/reason-facts-schema.ts";

/** `T` with every array and property read-only (the engine's facts are). */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The served type of `S`, read-only. */
type Served<S extends JSONSchema> = DeepReadonly<FromSchema<S>>;

/**
 * The API's schemas of the disclosed facts (and the web app's types derived from them) hold every
 * value the disclosure pass decides: checked by the type checker (`npm run typecheck`); that no
 * field is dropped on the way out is tested on the served rows (test/server/quoted-cells.test.ts).
 */
describe("the response schemas of the disclosed facts", () => {
  it("accept the facts of a tier, a pairing and a community as disclosed", () => {
    expectTypeOf<TierReasonFacts<Figure> | null>().toExtend<Served<typeof TIER_REASON_FACTS>>();
    expectTypeOf<PairingFacts<Figure> | null>().toExtend<Served<typeof PAIRING_FACTS>>();
    expectTypeOf<CommunityRowFacts<Figure> | null>().toExtend<
      Served<typeof COMMUNITY_FACTS_SHOWN>
    >();
  });
});
