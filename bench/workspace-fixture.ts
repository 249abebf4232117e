/**
 * A generated improvement workspace at network scale, written with a few set-based INSERTs (no API
 * calls): `runs` runs (school years) of pairs and communities across `districts × 100` schools,
 * each plan with its schools, problems, driver diagram, checklist, team, PDSA cycles, meetings
 * (attendance, decisions), reviews and a year of monthly progress scores; `facilitators`
 * facilitator accounts share the plans round-robin (one plan in 50 has none); the team member works
 * at school 4, on the pairs it leads in three runs and a community. Deterministic.
 */
import { sql } from "kysely";
import type { WorkspaceDb } from "../src/workspace/workspace-schema.ts";

export interface FixtureSize {
  readonly plans: number;
  readonly cyclesPerPlan: number;
  readonly meetingsPerPlan: number;
  readonly facilitators: number;
  readonly districts: number;
  readonly runs: number;
}

export const BENCH_SIZE: FixtureSize = {
  plans: 10_000,
  cyclesPerPlan: 6,
  meetingsPerPlan: 4,
  facilitators: 100,
  districts: 40,
  runs: 5,
};

/** The accounts the bench signs in as, and what the fixture holds. */
export interface Fixture {
  readonly password: string;
  readonly hub: string;
  /** The first facilitator's email. */
  readonly facilitator: string;
  /** A school staff member on the team of the first school's plans. */
  readonly teamMember: string;
  readonly districtAdmin: string;
  readonly counts: Record<string, number>;
}

const SCHOOLS_PER_DISTRICT = 100;

/** The 14-digit code of school number `n` (SQL integer expression). */
const schoolCode = (n: string) =>
  `('01' || lpad(((${n}) / ${SCHOOLS_PER_DISTRICT})::text, 5, '0') || lpad((1000000 + (${n}) % ${SCHOOLS_PER_DISTRICT})::text, 7, '0'))`;

async function run(db: WorkspaceDb, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/** Writes the fixture into a migrated, empty workspace. `passwordHash` is `password`'s hash. */
export async function generateWorkspace(
  db: WorkspaceDb,
  size: FixtureSize,
  password: string,
  passwordHash: string,
): Promise<Fixture> {
  const schools = size.districts * SCHOOLS_PER_DISTRICT;
  const perRun = Math.ceil(size.plans / size.runs);
  const pairs = Math.floor(perRun * 0.7);
  if (passwordHash.includes("'")) throw new Error("a password hash with a quote");
  const quoted = `'${passwordHash}'`;
  await run(
    db,
    `insert into users (email, display_name, password_hash, role, district_code, school_code, created_at) values
      ('hub@bench.example', 'Hub admin', ${quoted}, 'hub_admin', null, null, now()),
      ('team@bench.example', 'Team member', ${quoted}, 'school_staff', '0100000', ${schoolCode("4")}, now()),
      ('district@bench.example', 'District admin', ${quoted}, 'district_admin', '0100000', null, now())`,
  );
  await run(
    db,
    `insert into users (email, display_name, password_hash, role, created_at)
     select 'facilitator-' || f || '@bench.example', 'Facilitator ' || f, ${quoted}, 'facilitator', now()
     from generate_series(0, ${size.facilitators - 1}) f`,
  );
  // The shape of plan i: run r, index j in the run, kind, and its two or three school numbers.
  await run(
    db,
    `create temporary table bench_shape as
     select i, i / ${perRun} as r, i % ${perRun} as j,
       case when i % ${perRun} < ${pairs} then 'pair' else 'community' end as kind,
       s0, s1, s2
     from generate_series(0, ${size.plans - 1}) i,
       lateral (select case when i % ${perRun} < ${pairs}
         then ((i % ${perRun}) * 2 + i / ${perRun}) % ${schools}
         else (((i % ${perRun}) - ${pairs}) * 6 + i / ${perRun}) % ${schools} end as s0) a,
       lateral (select case when i % ${perRun} < ${pairs}
         then (s0 + 1 + ((i % ${perRun}) * 37) % ${schools - 1}) % ${schools}
         else (s0 + ${Math.floor(schools / 3)}) % ${schools} end as s1,
         case when i % ${perRun} < ${pairs} then null
         else (s0 + ${2 * Math.floor(schools / 3)}) % ${schools} end as s2) b`,
  );
  const hub = `(select id from users where email = 'hub@bench.example')`;
  const firstFacilitator = `(select min(id) from users where role = 'facilitator')`;
  const created = `(timestamptz '2022-08-15 09:00:00+00' + make_interval(years => r::int, days => (j % 60)::int))`;
  await run(
    db,
    `insert into plans (id, title, district_code, school_code, partner_code, facilitator_id, run_id,
       goal, status, created_by, created_at, kind, school_level, group_key, aim_metric,
       aim_student_group, aim_baseline, aim_target, aim_by, aim_for_whom, norms, roles, cadence,
       checklist_template, checklist_version)
     overriding system value
     select i + 1, 'Plan ' || (i + 1), substr(${schoolCode("s0")}, 1, 7), ${schoolCode("s0")},
       case when kind = 'pair' then ${schoolCode("s1")} end,
       case when i % 50 = 49 then null else ${firstFacilitator} + i % ${size.facilitators} end,
       'bench-' || (2022 + r), 'Fewer students chronically absent', 
       case when r < 2 then 'closed' when i % 10 = 0 then 'draft' else 'active' end,
       ${hub}, ${created}, kind, (array['elementary', 'middle', 'high'])[1 + s0 % 3],
       case when kind = 'pair' then ${schoolCode("s0")} else 'community-' || j end,
       'chronic_absence', 'ALL', 18.5, 14.0, (2023 + r) || '-06-30', 'all students',
       'We start on time.', 'Principals lead; teachers run the cycles.', 'Monthly, quarterly in person',
       'turnaround-principles', 1
     from bench_shape`,
  );
  await run(db, `select setval(pg_get_serial_sequence('plans', 'id'), ${size.plans})`);
  await run(
    db,
    `insert into plan_schools (plan_id, school_code, district_code, school_name, role)
     select i + 1, ${schoolCode("s")}, substr(${schoolCode("s")}, 1, 7), 'School ' || s, role
     from bench_shape, lateral (values (s0, 'priority'),
       (s1, case when kind = 'pair' then 'partner' else 'member' end), (s2, 'member')) v(s, role)
     where s is not null`,
  );
  await run(
    db,
    `insert into plan_problems (plan_id, position, metric, student_group, statement)
     select i + 1, p, (array['chronic_absence', 'ela_proficiency'])[p], 'ALL', 'Problem of practice ' || p
     from bench_shape, generate_series(1, 2) p`,
  );
  await run(
    db,
    `insert into driver_nodes (plan_id, node_key, kind, label, position)
     select i + 1, k, node_kind, 'Driver ' || k, pos from bench_shape,
       (values ('p1', 'primary', 1), ('s1', 'secondary', 2), ('c1', 'change_idea', 3), ('c2', 'change_idea', 4)) v(k, node_kind, pos)`,
  );
  await run(
    db,
    `insert into driver_links (plan_id, from_key, to_key)
     select i + 1, f, t from bench_shape, (values ('p1', 's1'), ('s1', 'c1'), ('s1', 'c2')) v(f, t)`,
  );
  await run(
    db,
    `insert into plan_checklist (plan_id, item_key, status, note)
     select i + 1, k, (array['not_started', 'in_progress', 'in_place'])[1 + (i + n) % 3], ''
     from bench_shape, unnest(array['leadership', 'effective_teachers', 'time', 'instruction',
       'use_of_data', 'safe_environment', 'family_engagement']) with ordinality u(k, n)`,
  );
  await run(
    db,
    `insert into plan_team_members (plan_id, school_code, name, role_title)
     select i + 1, ${schoolCode("case when m < 2 then s0 else s1 end")}, 'Member ' || m, 'Teacher'
     from bench_shape, generate_series(0, 3) m`,
  );
  const cycles = size.cyclesPerPlan;
  await run(
    db,
    `insert into pdsa_cycles (id, plan_id, cycle_number, change_idea, prediction, do_notes,
       study_notes, decision, started_at, ended_at, school_code, title, change_idea_key, question,
       plan_who, plan_what, plan_when, plan_where, data_to_collect, ran_as_planned, results, due_on,
       parent_cycle_id, created_by)
     overriding system value
     select i * ${cycles} + k + 1, i + 1, k + 1, 'Daily attendance call', 'Absences fall by a tenth',
       case when k < 4 then 'Ran for four weeks' end, case when k < 4 then 'Absences fell' end,
       case when k < 4 then (array['adopt', 'adapt', 'abandon'])[1 + (i + k) % 3] end,
       started, case when k < 4 then started + interval '30 days' end,
       ${schoolCode("case when k % 2 = 0 then s0 else s1 end")}, 'Cycle ' || (k + 1), 'c1',
       'Does a call home raise attendance?', 'Attendance clerk', 'Call home', 'Mornings', 'Front office',
       'Daily absences', case when k < 4 then true end, case when k < 4 then 'Fewer absences' end,
       to_char(started + interval '30 days', 'YYYY-MM-DD'),
       case when k >= 2 then i * ${cycles} + k - 1 end, ${hub}
     from bench_shape, generate_series(0, ${cycles - 1}) k,
       lateral (select ${created} + make_interval(days => 45 * k) as started) t`,
  );
  await run(
    db,
    `select setval(pg_get_serial_sequence('pdsa_cycles', 'id'), ${size.plans * cycles})`,
  );
  const meetings = size.meetingsPerPlan;
  await run(
    db,
    `insert into meetings (id, plan_id, held_at, attendees, notes, created_by, title, protocol,
       agenda, duration_minutes, location, held)
     overriding system value
     select i * ${meetings} + q + 1, i + 1, ${created} + make_interval(days => 91 * q), '',
       'Reviewed the cycles.', ${hub}, 'Quarterly meeting ' || (q + 1),
       (array['pdsa_review', 'consultancy', 'data_dive'])[1 + q % 3], 'Cycles; data; next steps',
       90, 'Library', q < ${meetings - 1}
     from bench_shape, generate_series(0, ${meetings - 1}) q`,
  );
  await run(
    db,
    `select setval(pg_get_serial_sequence('meetings', 'id'), ${size.plans * meetings})`,
  );
  await run(
    db,
    `insert into meeting_attendance (meeting_id, position, school_code, role_title, name)
     select m.id, a, ps.school_code, (array['Principal', 'Teacher', 'Coach'])[a], ''
     from meetings m, generate_series(1, 3) a,
       lateral (select school_code from plan_schools where plan_id = m.plan_id
                order by school_code limit 1 offset (a - 1) % 2) ps`,
  );
  await run(
    db,
    `insert into meeting_actions (meeting_id, position, kind, text, owner, due_on)
     select id, n, (array['decision', 'next_step'])[n]::text, 'Action ' || n, 'Principal',
       to_char(held_at + interval '30 days', 'YYYY-MM-DD')
     from meetings, generate_series(1, 2) n`,
  );
  await run(
    db,
    `insert into plan_reviews (plan_id, submitted_by, submitted_at, submission_note, outcome,
       comments, reviewed_by, reviewed_at)
     select i + 1, ${hub}, ${created} + interval '20 days', 'First draft', 'changes_requested',
       'Tighten the aim.', ${hub}, ${created} + interval '25 days' from bench_shape
     union all
     select i + 1, ${hub}, ${created} + interval '40 days', 'Second draft', null, '', null, null
     from bench_shape where i % 5 = 0`,
  );
  await run(
    db,
    `insert into progress_scores (plan_id, month, score, note, entered_by, entered_at)
     select i + 1, to_char(${created} + make_interval(months => m), 'YYYY-MM'),
       least(5.0, 0.5 + 0.5 * ((m + i) % 9)), '', ${hub}, ${created} + make_interval(months => m)
     from bench_shape, generate_series(0, 11) m`,
  );
  await run(db, "drop table bench_shape");
  await run(db, "analyze");
  const counts: Record<string, number> = {};
  for (const table of [
    "plans",
    "plan_schools",
    "pdsa_cycles",
    "meetings",
    "meeting_attendance",
    "plan_team_members",
    "plan_reviews",
    "progress_scores",
    "users",
  ]) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(r.rows[0]?.n);
  }
  return {
    password,
    hub: "hub@bench.example",
    facilitator: "facilitator-0@bench.example",
    teamMember: "team@bench.example",
    districtAdmin: "district@bench.example",
    counts,
  };
}
