const TIERS: Readonly<Record<string, string>> = {
  priority: "Priority (comprehensive support)",
  focus: "Focus (targeted support)",
  partner_eligible: "Partner-eligible",
  none: "No tier",
};

/** A support tier in words. */
export function tierLabel(tier: string | null | undefined): string {
  if (!tier) return "—";
  return TIERS[tier] ?? tier;
}
