import {
  shownCommunityFacts,
  shownPairingFacts,
  shownTierReason,
} from "../../src/disclosure/derived-values.ts";
import { NOTHING_HIDDEN } from "../../src/disclosure/hidden-cells.ts";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import type { Community, Unplaced } from "../../src/identification/form-communities.ts";
import type { Identification } from "../../src/identification/identify-schools.ts";
import type { Pairing } from "../../src/identification/pair-schools.ts";
import { communityReasonText, pairingReasonText } from "../../src/identification/reason-text.ts";

/* The reasons a reader who sees every figure (the hub's analysts) reads, rendered from the facts. */

export function tierReason(i: Identification, framework: Framework): string {
  return shownTierReason(
    {
      school_code: i.schoolCode,
      school_level: i.schoolLevel,
      facts: i.facts,
      triggers: i.triggers,
    },
    NOTHING_HIDDEN,
    framework,
  );
}

export function pairingReason(p: Pairing, framework: Framework): string {
  return pairingReasonText(
    shownPairingFacts(
      { school_code: p.schoolCode, school_level: p.schoolLevel, facts: p.facts },
      NOTHING_HIDDEN,
    ),
    framework,
  );
}

export function communityReason(c: Community | Unplaced, framework: Framework): string {
  return communityReasonText(shownCommunityFacts(c.facts, NOTHING_HIDDEN), framework);
}
