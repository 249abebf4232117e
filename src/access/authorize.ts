import type { AuditLog } from "../workspace/audit-log.ts";
import { canAccess, type Decision, type Resource } from "./access-policy.ts";
import type { Principal } from "./principal.ts";

/** The request being decided, as the audit log records it. */
export interface AccessRequest {
  /** e.g. `read`, `export`. */
  readonly action: string;
  /** The route or resource name, e.g. `GET /api/schools/:code/students`. */
  readonly resource: string;
  readonly ip?: string | null;
}

export type Authorization =
  | { readonly allowed: false; readonly decision: Decision }
  | {
      readonly allowed: true;
      readonly decision: Decision;
      /**
       * Records which students the answer holds; call it before sending any student-level rows.
       * A no-op for resources that are not student-level.
       */
      readonly recordAccess: (studentIds: readonly string[]) => Promise<void>;
      /** Records that the access failed after being allowed (the query threw). */
      readonly recordError: () => Promise<void>;
    };

/**
 * Decides a request with {@link canAccess} and keeps the audit trail for student-level data: a
 * refusal is written at once; an allowed read is written by `recordAccess(studentIds)`.
 */
export async function authorize(
  auditLog: AuditLog,
  who: Principal,
  resource: Resource,
  request: AccessRequest,
): Promise<Authorization> {
  const decision = canAccess(who, resource);
  const scope =
    resource.kind === "student_data"
      ? { districtCode: resource.districtCode, schoolCode: resource.schoolCode ?? null }
      : {};
  const write = async (outcome: "allowed" | "denied" | "error", studentIds?: readonly string[]) => {
    if (!decision.audit) return;
    await auditLog.record({
      userId: who.userId,
      role: who.role,
      action: request.action,
      resource: request.resource,
      ...scope,
      ...(studentIds ? { studentIds } : {}),
      ip: request.ip ?? null,
      outcome,
    });
  };
  if (!decision.allowed) {
    await write("denied");
    return { allowed: false, decision };
  }
  return {
    allowed: true,
    decision,
    recordAccess: (studentIds) => write("allowed", studentIds),
    recordError: () => write("error"),
  };
}
