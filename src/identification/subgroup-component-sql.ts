import { exactSumSql } from "../measures/exact-sum-sql.ts";

/**
 * A school × level's subgroup component, as an aggregate over its `index_components` rows that
 * have a subgroup part: the weighted mean of the measures' mean subgroup levels, on the index's
 * 0–100 scale (Σ weight × subgroup_mean / 10 ÷ Σ weight × 100). The identification stage ranks
 * schools by it and the disclosure pass withholds it with the index score, so both take it from
 * here. Its sums are exact ({@link exactSumSql}): a rerun gives the same figure to the last bit.
 */
export const SUBGROUP_COMPONENT_SQL = `${exactSumSql("weight * subgroup_mean / 10")} / ${exactSumSql("weight")} * 100`;
