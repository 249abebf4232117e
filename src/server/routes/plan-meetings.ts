import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { calendarOf } from "../../improvement/meeting-calendar.ts";
import {
  MEETING,
  MEETING_CHANGES,
  MEETING_PARAMS,
  NEW_MEETING,
  PLAN_PARAMS,
} from "../../improvement/plan-schema.ts";
import { meetingJson } from "../../improvement/plan-view.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import type { MeetingChanges } from "../../workspace/meeting-repository.ts";
import type { Plan } from "../../workspace/plan-repository.ts";
import { BadRequestError, NotFoundError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, requestPlan } from "../plan-access.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type MeetingBody = FromSchema<typeof MEETING_CHANGES>;

/** The repository's changes for a request body; attendance must name the plan's schools. */
function changesOf(b: MeetingBody, plan: Plan, protocols: ReadonlySet<string>): MeetingChanges {
  const schools = new Set(plan.schools.map((s) => s.schoolCode));
  b.attendance?.forEach((a, i) => {
    if (a.school_code !== null && !schools.has(a.school_code)) {
      throw new BadRequestError(
        `attendance[${i}]: school "${a.school_code}" is not in plan ${plan.id}`,
      );
    }
  });
  if (b.protocol != null && !protocols.has(b.protocol)) {
    throw new BadRequestError(`unknown meeting protocol "${b.protocol}"`);
  }
  return {
    ...(b.title !== undefined ? { title: b.title } : {}),
    ...(b.held_at !== undefined ? { heldAt: new Date(b.held_at) } : {}),
    ...(b.duration_minutes !== undefined ? { durationMinutes: b.duration_minutes } : {}),
    ...(b.location !== undefined ? { location: b.location } : {}),
    ...(b.protocol !== undefined ? { protocol: b.protocol } : {}),
    ...(b.agenda !== undefined ? { agenda: b.agenda } : {}),
    ...(b.held !== undefined ? { held: b.held } : {}),
    ...(b.notes !== undefined ? { notes: b.notes } : {}),
    ...(b.attendance
      ? {
          attendance: b.attendance.map((a) => ({
            schoolCode: a.school_code,
            roleTitle: a.role_title,
            name: a.name,
          })),
        }
      : {}),
    ...(b.actions
      ? {
          actions: b.actions.map((a) => ({
            kind: a.kind,
            text: a.text,
            owner: a.owner,
            dueOn: a.due_on,
          })),
        }
      : {}),
  };
}

/**
 * Meetings of a plan (quarterly, by the plan's cadence): agenda from a protocol, attendance by
 * school and role, notes, decisions and next steps; and the plan's meetings as an iCalendar file.
 * The calendar carries titles, times, places and agendas, never notes (free text stays inside).
 */
export function registerPlanMeetingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const protocols = () => new Set(ctx.templates.protocols.protocols.map((p) => p.key));

  app.post<{ Params: { planId: number }; Body: FromSchema<typeof NEW_MEETING> }>(
    "/api/plans/:planId/meetings",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "schedules or records a meeting of the plan's schools",
        params: PLAN_PARAMS,
        body: NEW_MEETING,
        response: { 201: MEETING, ...ERRORS },
      },
    },
    async (request, reply) => {
      const plan = requestPlan(request);
      try {
        const meeting = await ctx.meetings.add({
          ...changesOf(request.body, plan, protocols()),
          planId: plan.id,
          heldAt: new Date(request.body.held_at),
          createdBy: request.principal.userId!,
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "create",
          `meeting ${meeting.id} of plan ${plan.id}`,
        );
        return reply.status(201).send(meetingJson(meeting));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  const ownMeeting = async (request: FastifyRequest, plan: Plan) => {
    const { meetingId } = request.params as { meetingId: number };
    const meeting = await ctx.meetings.findById(meetingId);
    if (!meeting || meeting.planId !== plan.id) throw new NotFoundError("meeting", meetingId);
    return null;
  };

  app.put<{ Params: { planId: number; meetingId: number }; Body: MeetingBody }>(
    "/api/plans/:planId/meetings/:meetingId",
    {
      config: { access: planAccess(ctx, "write", ownMeeting) },
      schema: {
        tags: ["improvement"],
        summary:
          "changes a meeting: attendance, notes, decisions and next steps given replace them",
        params: MEETING_PARAMS,
        body: MEETING_CHANGES,
        response: { 200: MEETING, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      try {
        const meeting = await ctx.meetings.update(
          request.params.meetingId,
          changesOf(request.body, plan, protocols()),
        );
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "update",
          `meeting ${meeting.id} of plan ${plan.id}`,
        );
        return meetingJson(meeting);
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId/meetings.ics",
    {
      config: { access: planAccess(ctx, "read") },
      schema: {
        tags: ["improvement"],
        summary: "the plan's meetings as an iCalendar file (RFC 5545)",
        params: PLAN_PARAMS,
        produces: ["text/calendar"],
        response: { 200: { type: "string" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const plan = requestPlan(request);
      const meetings = await ctx.meetings.listForPlan(plan.id);
      const stamp = ctx.clock();
      const schools = plan.schools.map((s) => s.schoolName || s.schoolCode).join(", ");
      const text = calendarOf(
        plan.title,
        meetings.map((m) => ({
          uid: `plan-${plan.id}-meeting-${m.id}@district-collaborative`,
          start: m.heldAt,
          durationMinutes: m.durationMinutes,
          summary: m.title || `${plan.title}: meeting`,
          description: [`Schools: ${schools}`, m.agenda].filter((x) => x !== "").join("\n\n"),
          location: m.location,
          stamp,
        })),
      );
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="plan-${plan.id}-meetings.ics"`)
        .header("cache-control", "private, no-store")
        .send(text);
    },
  );
}
