import { INT, METRIC, NUM, SCHOOL_CODE, SCHOOL_LEVEL, STR } from "../results/api-schemas.ts";

/*
 * The improvement workspace's API shapes, declared once: the routes validate requests and
 * responses with them, the OpenAPI document shows them, and the web app's types derive from them
 * (web/src/api/types.ts).
 */

const ISO_DATE = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" } as const;
const NULLABLE_DATE = { anyOf: [ISO_DATE, { type: "null" }] } as const;
const TEXT = { type: "string", maxLength: 4000 } as const;
const SHORT = { type: "string", maxLength: 200 } as const;
const LINE = { type: "string", minLength: 1, maxLength: 200 } as const;

export const PLAN_KIND = { type: "string", enum: ["pair", "community"] } as const;
export const GROUP_KEY = { type: "string", pattern: "^[A-Za-z0-9_.:-]{1,100}$" } as const;

export const PLAN_PARAMS = {
  type: "object",
  required: ["planId"],
  properties: { planId: { type: "integer", minimum: 1 } },
  additionalProperties: false,
} as const;

export const CYCLE_PARAMS = {
  type: "object",
  required: ["planId", "cycleId"],
  properties: { planId: { type: "integer", minimum: 1 }, cycleId: { type: "integer", minimum: 1 } },
  additionalProperties: false,
} as const;

export const MEETING_PARAMS = {
  type: "object",
  required: ["planId", "meetingId"],
  properties: {
    planId: { type: "integer", minimum: 1 },
    meetingId: { type: "integer", minimum: 1 },
  },
  additionalProperties: false,
} as const;

/** Which run's pair (priority school) or community a plan is for. */
export const GROUP_REF = {
  type: "object",
  required: ["run_id", "kind", "school_level", "group_key"],
  properties: {
    run_id: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,100}$" },
    kind: PLAN_KIND,
    school_level: SCHOOL_LEVEL,
    group_key: GROUP_KEY,
  },
  additionalProperties: false,
} as const;

export const PLAN_SCHOOL = {
  type: "object",
  required: ["school_code", "school_name", "role"],
  properties: {
    school_code: { type: "string" },
    school_name: { type: "string" },
    role: { type: "string", enum: ["priority", "partner", "member"] },
  },
  additionalProperties: false,
} as const;

export const AIM = {
  type: "object",
  required: ["what", "metric", "student_group", "baseline", "target", "by", "for_whom"],
  properties: {
    what: { ...TEXT, description: "what is to improve" },
    metric: { anyOf: [METRIC, { type: "null" }] },
    student_group: { anyOf: [{ type: "string", maxLength: 20 }, { type: "null" }] },
    baseline: NUM,
    target: { ...NUM, description: "how much: the value aimed for" },
    by: { ...NULLABLE_DATE, description: "by when" },
    for_whom: { ...TEXT, description: "for whom" },
  },
  additionalProperties: false,
} as const;

export const AGREEMENT = {
  type: "object",
  required: ["norms", "roles", "cadence"],
  properties: { norms: TEXT, roles: TEXT, cadence: TEXT },
  additionalProperties: false,
} as const;

export const PROBLEM = {
  type: "object",
  required: ["metric", "student_group", "statement"],
  properties: {
    metric: METRIC,
    student_group: { type: "string", minLength: 1, maxLength: 20 },
    statement: TEXT,
  },
  additionalProperties: false,
} as const;

export const DRIVER_DIAGRAM = {
  type: "object",
  required: ["nodes", "links"],
  properties: {
    nodes: {
      type: "array",
      maxItems: 200,
      items: {
        type: "object",
        required: ["key", "kind", "label"],
        properties: {
          key: { type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" },
          kind: { type: "string", enum: ["primary", "secondary", "change_idea"] },
          label: LINE,
        },
        additionalProperties: false,
      },
    },
    links: {
      type: "array",
      maxItems: 1000,
      items: {
        type: "object",
        required: ["from", "to"],
        properties: { from: { type: "string" }, to: { type: "string" } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

const CHECKLIST_STATUS = {
  type: "string",
  enum: ["not_started", "in_progress", "in_place"],
} as const;

export const CHECKLIST_ANSWER = {
  type: "object",
  required: ["key", "status", "note"],
  properties: { key: { type: "string" }, status: CHECKLIST_STATUS, note: TEXT },
  additionalProperties: false,
} as const;

export const TEAM_MEMBER = {
  type: "object",
  required: ["school_code", "name", "role_title"],
  properties: { school_code: SCHOOL_CODE, name: LINE, role_title: SHORT },
  additionalProperties: false,
} as const;

const DECISION = {
  anyOf: [{ type: "string", enum: ["adopt", "adapt", "abandon"] }, { type: "null" }],
} as const;

/** The fields of a PDSA cycle a team writes (all optional on a change). */
const CYCLE_FIELDS = {
  title: SHORT,
  change_idea: { type: "string", minLength: 1, maxLength: 1000 },
  change_idea_key: {
    anyOf: [{ type: "string", pattern: "^[A-Za-z0-9_-]{1,40}$" }, { type: "null" }],
  },
  question: TEXT,
  prediction: TEXT,
  who: TEXT,
  what: TEXT,
  when: TEXT,
  where: TEXT,
  data_to_collect: TEXT,
  due_on: NULLABLE_DATE,
  ran_as_planned: { type: ["boolean", "null"] },
  what_happened: { anyOf: [TEXT, { type: "null" }] },
  results: { anyOf: [TEXT, { type: "null" }] },
  decision: DECISION,
} as const;

export const NEW_CYCLE = {
  type: "object",
  required: ["change_idea", "prediction"],
  properties: {
    ...CYCLE_FIELDS,
    school_code: { ...SCHOOL_CODE, description: "the school running it (default: the user's)" },
    parent_cycle_id: { type: ["integer", "null"], description: "the cycle this one follows" },
  },
  additionalProperties: false,
} as const;

export const CYCLE_CHANGES = {
  type: "object",
  properties: CYCLE_FIELDS,
  additionalProperties: false,
} as const;

export const CYCLE = {
  type: "object",
  required: [
    "id",
    "cycle_number",
    "school_code",
    "title",
    "change_idea",
    "change_idea_key",
    "question",
    "prediction",
    "who",
    "what",
    "when",
    "where",
    "data_to_collect",
    "due_on",
    "ran_as_planned",
    "what_happened",
    "results",
    "decision",
    "parent_cycle_id",
    "started_at",
    "ended_at",
    "overdue",
  ],
  properties: {
    id: { type: "integer" },
    cycle_number: { type: "integer" },
    school_code: STR,
    title: { type: "string" },
    change_idea: { type: "string" },
    change_idea_key: STR,
    question: { type: "string" },
    prediction: { type: "string" },
    who: { type: "string" },
    what: { type: "string" },
    when: { type: "string" },
    where: { type: "string" },
    data_to_collect: { type: "string" },
    due_on: STR,
    ran_as_planned: { type: ["boolean", "null"] },
    what_happened: STR,
    results: STR,
    decision: STR,
    parent_cycle_id: INT,
    started_at: { type: "string" },
    ended_at: STR,
    overdue: { type: "boolean", description: "past its due date without a decision" },
  },
  additionalProperties: false,
} as const;

const ATTENDANCE = {
  type: "object",
  required: ["school_code", "role_title", "name"],
  properties: {
    school_code: { anyOf: [SCHOOL_CODE, { type: "null" }] },
    role_title: LINE,
    name: SHORT,
  },
  additionalProperties: false,
} as const;

const ACTION = {
  type: "object",
  required: ["kind", "text", "owner", "due_on"],
  properties: {
    kind: { type: "string", enum: ["decision", "next_step"] },
    text: { type: "string", minLength: 1, maxLength: 2000 },
    owner: SHORT,
    due_on: NULLABLE_DATE,
  },
  additionalProperties: false,
} as const;

const MEETING_FIELDS = {
  title: SHORT,
  held_at: { type: "string", format: "date-time", description: "when it starts (ISO 8601)" },
  duration_minutes: { type: "integer", minimum: 5, maximum: 600 },
  location: SHORT,
  protocol: { anyOf: [{ type: "string", pattern: "^[a-z0-9_]{1,40}$" }, { type: "null" }] },
  agenda: TEXT,
  held: { type: "boolean" },
  attendance: { type: "array", maxItems: 100, items: ATTENDANCE },
  notes: { type: "string", maxLength: 20000 },
  actions: { type: "array", maxItems: 100, items: ACTION },
} as const;

export const NEW_MEETING = {
  type: "object",
  required: ["held_at"],
  properties: MEETING_FIELDS,
  additionalProperties: false,
} as const;

export const MEETING_CHANGES = {
  type: "object",
  properties: MEETING_FIELDS,
  additionalProperties: false,
} as const;

export const MEETING = {
  type: "object",
  required: [
    "id",
    "title",
    "held_at",
    "duration_minutes",
    "location",
    "protocol",
    "agenda",
    "held",
    "attendance",
    "notes",
    "actions",
  ],
  properties: {
    id: { type: "integer" },
    title: { type: "string" },
    held_at: { type: "string" },
    duration_minutes: { type: "integer" },
    location: { type: "string" },
    protocol: STR,
    agenda: { type: "string" },
    held: { type: "boolean" },
    attendance: { type: "array", items: ATTENDANCE },
    notes: { type: "string" },
    actions: { type: "array", items: ACTION },
  },
  additionalProperties: false,
} as const;

export const PLAN_SUMMARY = {
  type: "object",
  required: ["id", "kind", "run_id", "school_level", "group_key", "title", "status", "schools"],
  properties: {
    id: { type: "integer" },
    kind: PLAN_KIND,
    run_id: STR,
    school_level: STR,
    group_key: STR,
    title: { type: "string" },
    status: { type: "string", enum: ["draft", "active", "closed"] },
    schools: { type: "array", items: PLAN_SCHOOL },
  },
  additionalProperties: false,
} as const;

/** How far a plan's work has come (src/improvement/plan-progress.ts). */
export const PLAN_PROGRESS = {
  type: "object",
  required: [
    "cycles_started",
    "cycles_completed",
    "adopted",
    "adapted",
    "abandoned",
    "cycles_overdue",
    "meetings_held",
    "last_meeting",
    "next_meeting",
  ],
  properties: {
    cycles_started: { type: "integer" },
    cycles_completed: { type: "integer", description: "ended by a decision" },
    adopted: { type: "integer" },
    adapted: { type: "integer" },
    abandoned: { type: "integer" },
    cycles_overdue: { type: "integer", description: "open past their due date" },
    meetings_held: { type: "integer" },
    last_meeting: { ...NULLABLE_DATE, description: "the latest meeting held" },
    next_meeting: { ...NULLABLE_DATE, description: "the next meeting scheduled" },
  },
  additionalProperties: false,
} as const;

/** A plan as a school's report shows it to those who may read the plan: its aim and progress. */
export const SCHOOL_PLAN = {
  type: "object",
  required: [...PLAN_SUMMARY.required, "facilitator", "aim", "progress"],
  properties: {
    ...PLAN_SUMMARY.properties,
    facilitator: STR,
    aim: AIM,
    progress: PLAN_PROGRESS,
  },
  additionalProperties: false,
} as const;

export const PROTOCOL = {
  type: "object",
  required: ["key", "label", "purpose", "agenda"],
  properties: {
    key: { type: "string" },
    label: { type: "string" },
    purpose: { type: "string" },
    agenda: { type: "string", description: "one item per line, as a meeting stores it" },
  },
  additionalProperties: false,
} as const;

export const PLAN = {
  type: "object",
  required: [
    ...PLAN_SUMMARY.required,
    "facilitator",
    "aim",
    "agreement",
    "problems",
    "drivers",
    "checklist",
    "team",
    "cycles",
    "meetings",
    "protocols",
    "created_at",
    "updated_at",
  ],
  properties: {
    ...PLAN_SUMMARY.properties,
    facilitator: STR,
    aim: AIM,
    agreement: AGREEMENT,
    problems: { type: "array", items: PROBLEM },
    drivers: DRIVER_DIAGRAM,
    checklist: {
      type: ["object", "null"],
      required: ["template_id", "version", "title", "items"],
      properties: {
        template_id: { type: "string" },
        version: { type: "integer" },
        title: { type: "string" },
        items: {
          type: "array",
          items: {
            type: "object",
            required: ["key", "label", "prompt", "status", "note"],
            properties: {
              key: { type: "string" },
              label: { type: "string" },
              prompt: { type: "string" },
              status: CHECKLIST_STATUS,
              note: { type: "string" },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
    team: { type: "array", items: TEAM_MEMBER },
    cycles: { type: "array", items: CYCLE },
    meetings: { type: "array", items: MEETING },
    protocols: { type: "array", items: PROTOCOL },
    created_at: { type: "string" },
    updated_at: STR,
  },
  additionalProperties: false,
} as const;

/** The editable sections of a plan: each one given replaces it. */
export const PLAN_CHANGES = {
  type: "object",
  properties: {
    title: LINE,
    status: { type: "string", enum: ["draft", "active", "closed"] },
    aim: AIM,
    agreement: AGREEMENT,
    problems: { type: "array", maxItems: 10, items: PROBLEM },
    drivers: DRIVER_DIAGRAM,
    checklist: { type: "array", maxItems: 50, items: CHECKLIST_ANSWER },
    team: { type: "array", maxItems: 100, items: TEAM_MEMBER },
  },
  additionalProperties: false,
} as const;

const FIGURE = {
  type: "object",
  required: ["school_code", "n", "value", "level", "change_to_next", "withheld"],
  properties: {
    school_code: { type: "string" },
    n: INT,
    value: NUM,
    level: INT,
    change_to_next: { ...NUM, description: "the change needed to reach the next level" },
    withheld: { type: "boolean", description: "a small group: its figures are suppressed" },
  },
  additionalProperties: false,
} as const;

/** The plan a pair's or community's identification proposes, with the plan made from it if any. */
export const PLAN_DRAFT = {
  type: "object",
  required: [
    "run_id",
    "year",
    "kind",
    "school_level",
    "group_key",
    "title",
    "schools",
    "problems",
    "aim",
    "plan_id",
  ],
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    kind: PLAN_KIND,
    school_level: { type: "string" },
    group_key: { type: "string" },
    title: { type: "string" },
    schools: { type: "array", items: PLAN_SCHOOL },
    problems: {
      type: "array",
      items: {
        type: "object",
        required: [
          "metric",
          "metric_label",
          "student_group",
          "group_label",
          "statement",
          "source",
          "figures",
        ],
        properties: {
          metric: { type: "string" },
          metric_label: { type: "string" },
          student_group: { type: "string" },
          group_label: { type: "string" },
          statement: { type: "string" },
          source: {
            type: "string",
            enum: ["focus_trigger", "partner_strength", "weakest", "community"],
          },
          figures: { type: "array", items: FIGURE },
        },
        additionalProperties: false,
      },
    },
    aim: AIM,
    plan_id: { ...INT, description: "the plan already made for this pair or community" },
  },
  additionalProperties: false,
} as const;
