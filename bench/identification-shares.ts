/**
 * Figures: how many schools a run puts in each support tier, per school level, and how many of
 * them got a partner or a community (issue #14 point 10). Not a test: prints, never asserts.
 *
 *   node bin/collab.mjs start --no-serve --no-build-web --dir /tmp/n40k --students 40000 --districts 3 --seed 21
 *   node bin/run-ts.mjs bench/identification-shares.ts /tmp/n40k/warehouse.duckdb [YEAR]
 *
 * Reads the newest complete run of the year (default: the latest year).
 */
import { Warehouse } from "../src/warehouse/warehouse.ts";

const [db, yearText] = process.argv.slice(2);
if (!db) {
  console.error("usage: bench/identification-shares.ts WAREHOUSE [YEAR]");
  process.exit(2);
}
const warehouse = await Warehouse.open(db);
const run = await warehouse.one<{ run_id: string; year: number }>(
  `SELECT arg_max(run_id, created_at) AS run_id, any_value(year) AS year FROM runs
   WHERE status = 'complete' AND year = ${yearText === undefined ? "(SELECT max(year) FROM runs WHERE status = 'complete')" : Number(yearText)}`,
);
const id = `'${run.run_id}'`;
const tiers = await warehouse.all<{
  school_level: string;
  schools: number;
  priority: number;
  focus: number;
  partner_eligible: number;
}>(
  `SELECT school_level, count(*)::INTEGER AS schools,
     count(*) FILTER (WHERE tier = 'priority')::INTEGER AS priority,
     count(*) FILTER (WHERE tier = 'focus')::INTEGER AS focus,
     count(*) FILTER (WHERE tier = 'partner_eligible')::INTEGER AS partner_eligible
   FROM identification WHERE run_id = ${id} GROUP BY school_level
   ORDER BY list_position(['elementary', 'middle', 'high'], school_level)`,
);
const pairs = await warehouse.all<{
  school_level: string;
  paired: number;
  unmatched: number;
  widened: number;
  km: number | null;
}>(
  `SELECT school_level, count(partner_code)::INTEGER AS paired,
     count(*) FILTER (WHERE partner_code IS NULL)::INTEGER AS unmatched,
     count(*) FILTER (WHERE json_array_length(facts, '$.broken') > 0
       AND NOT coalesce((facts->>'$.kept')::BOOLEAN, false))::INTEGER AS widened,
     max(distance_km) AS km
   FROM pairings WHERE run_id = ${id} GROUP BY school_level`,
);
const communities = await warehouse.all<{
  school_level: string;
  placed: number;
  unplaced: number;
  communities: number;
  mixed: number;
}>(
  `SELECT school_level, count(community_id)::INTEGER AS placed,
     count(*) FILTER (WHERE community_id IS NULL)::INTEGER AS unplaced,
     count(DISTINCT community_id)::INTEGER AS communities,
     (SELECT count(*) FROM (SELECT community_id FROM communities d WHERE d.run_id = c.run_id
        AND d.school_level = c.school_level AND community_id IS NOT NULL
        GROUP BY community_id HAVING count(DISTINCT problem) > 1))::INTEGER AS mixed
   FROM communities c WHERE run_id = ${id} GROUP BY run_id, school_level`,
);
const pct = (n: number, of: number) => `${n} (${of === 0 ? "-" : ((100 * n) / of).toFixed(1)}%)`;
console.log(`run ${run.run_id} (${run.year})`);
console.log(
  "level       schools  priority      focus         partner-eligible  paired/unmatched (widened, max km)  communities: placed/unplaced (communities, on a measure only)",
);
const total = { schools: 0, priority: 0, focus: 0 };
for (const t of tiers) {
  total.schools += t.schools;
  total.priority += t.priority;
  total.focus += t.focus;
  const p = pairs.find((x) => x.school_level === t.school_level);
  const c = communities.find((x) => x.school_level === t.school_level);
  console.log(
    [
      t.school_level.padEnd(11),
      String(t.schools).padStart(7),
      pct(t.priority, t.schools).padStart(12),
      pct(t.focus, t.schools).padStart(12),
      pct(t.partner_eligible, t.schools).padStart(16),
      `${p?.paired ?? 0}/${p?.unmatched ?? 0} (${p?.widened ?? 0}, ${p?.km?.toFixed(0) ?? "-"} km)`.padStart(
        34,
      ),
      `${c?.placed ?? 0}/${c?.unplaced ?? 0} (${c?.communities ?? 0}, ${c?.mixed ?? 0})`.padStart(
        20,
      ),
    ].join("  "),
  );
}
console.log(
  `all          ${String(total.schools).padStart(6)}  ${pct(total.priority, total.schools).padStart(12)}  ${pct(total.focus, total.schools).padStart(12)}`,
);
warehouse.close();
