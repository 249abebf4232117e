import type { Selectable } from "kysely";
import type { DistrictMembership, MembershipStatus } from "../collaborative/membership.ts";
import {
  type DataAgreement,
  type SubmissionDecision,
  submissionAllowed,
} from "../collaborative/submission-allowed.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  DuplicateKeyError,
  isUniqueViolation,
  NotFoundError,
  WorkspaceInputError,
} from "./workspace-errors.ts";
import type { DataAgreementsTable, DistrictsTable, WorkspaceDb } from "./workspace-schema.ts";

/** A district of the collaborative with its current membership and agreement in force. */
export interface District {
  readonly code: string;
  readonly name: string;
  readonly status: MembershipStatus;
  readonly optedIn: boolean;
  readonly joinedOn: string;
  readonly updatedAt: Date;
  /** The latest recorded agreement, or null. */
  readonly agreement: (DataAgreement & { readonly recordedAt: Date }) | null;
}

/** One change of membership, oldest first; the first is the onboarding. */
export interface StatusChange {
  readonly status: MembershipStatus;
  readonly optedIn: boolean;
  readonly reason: string;
  readonly changedBy: number | null;
  readonly changedAt: Date;
}

export interface NewDistrict {
  readonly code: string;
  readonly name: string;
  readonly status: MembershipStatus;
  readonly optedIn?: boolean;
  /** `YYYY-MM-DD`; defaults to the clock's day. */
  readonly joinedOn?: string;
  readonly createdBy?: number | null;
}

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** `YYYY-MM-DD` of a day that exists, else a {@link WorkspaceInputError} naming the field. */
function checkDate(field: string, value: string): void {
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new WorkspaceInputError(`${field} "${value}" is not a date (YYYY-MM-DD)`, field, value);
}

function agreementOf(row: Selectable<DataAgreementsTable>): DataAgreement & { recordedAt: Date } {
  return {
    signedOn: row.signed_on,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    firstYear: row.first_year,
    lastYear: row.last_year,
    dataKinds: row.data_kinds === "" ? [] : row.data_kinds.split(","),
    recordedAt: row.recorded_at,
  };
}

/** The collaborative's districts: membership with its history, and data-sharing agreements. */
export class DistrictRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Onboards a district: its row and the first entry of its membership history. */
  async create(input: NewDistrict): Promise<District> {
    if (!/^[0-9]{7}$/.test(input.code))
      throw new WorkspaceInputError(
        `district code "${input.code}" is not 7 digits`,
        "code",
        input.code,
      );
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw new WorkspaceInputError(
        `district name "${input.name}" must be 1-200 characters`,
        "name",
        input.name,
      );
    const now = this.clock();
    const joinedOn = input.joinedOn ?? now.toISOString().slice(0, 10);
    checkDate("joined_on", joinedOn);
    const optedIn = input.optedIn ?? false;
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx
          .insertInto("districts")
          .values({
            code: input.code,
            name,
            status: input.status,
            opted_in: optedIn,
            joined_on: joinedOn,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await tx
          .insertInto("district_status_history")
          .values({
            district_code: input.code,
            status: input.status,
            opted_in: optedIn,
            reason: "onboarded",
            changed_by: input.createdBy ?? null,
            changed_at: now,
          })
          .execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateKeyError("district", input.code, error);
      throw error;
    }
    return (await this.find(input.code))!;
  }

  /** Changes a district's membership (and opt-in), recording who, when and why. */
  async setStatus(
    code: string,
    change: {
      status: MembershipStatus;
      optedIn?: boolean;
      reason?: string;
      changedBy?: number | null;
    },
  ): Promise<District> {
    const current = await this.find(code);
    if (!current) throw new NotFoundError("district", code);
    const optedIn = change.optedIn ?? current.optedIn;
    const reason = (change.reason ?? "").trim();
    if (reason.length > 500)
      throw new WorkspaceInputError("reason must be at most 500 characters", "reason", reason);
    const now = this.clock();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable("districts")
        .set({ status: change.status, opted_in: optedIn, updated_at: now })
        .where("code", "=", code)
        .execute();
      await tx
        .insertInto("district_status_history")
        .values({
          district_code: code,
          status: change.status,
          opted_in: optedIn,
          reason,
          changed_by: change.changedBy ?? null,
          changed_at: now,
        })
        .execute();
    });
    return (await this.find(code))!;
  }

  /** Records a data-sharing agreement; the latest recorded is the one in force. */
  async recordAgreement(
    code: string,
    agreement: DataAgreement & { recordedBy?: number | null },
  ): Promise<District> {
    for (const [field, value] of [
      ["signed_on", agreement.signedOn],
      ["starts_on", agreement.startsOn],
      ["ends_on", agreement.endsOn],
    ] as const)
      checkDate(field, value);
    if (agreement.endsOn < agreement.startsOn)
      throw new WorkspaceInputError(
        `ends_on "${agreement.endsOn}" is before starts_on "${agreement.startsOn}"`,
        "ends_on",
        agreement.endsOn,
      );
    if (!Number.isInteger(agreement.firstYear) || agreement.firstYear < 1990)
      throw new WorkspaceInputError(
        `first school year "${agreement.firstYear}" is not a year`,
        "first_year",
        agreement.firstYear,
      );
    if (!Number.isInteger(agreement.lastYear) || agreement.lastYear < agreement.firstYear)
      throw new WorkspaceInputError(
        `last school year "${agreement.lastYear}" is before the first, ${agreement.firstYear}`,
        "last_year",
        agreement.lastYear,
      );
    for (const kind of agreement.dataKinds)
      if (!/^[a-z_]{1,60}$/.test(kind))
        throw new WorkspaceInputError(
          `data kind "${kind}" is not an input table name`,
          "data_kinds",
          kind,
        );
    if (!(await this.find(code))) throw new NotFoundError("district", code);
    await this.db
      .insertInto("data_agreements")
      .values({
        district_code: code,
        signed_on: agreement.signedOn,
        starts_on: agreement.startsOn,
        ends_on: agreement.endsOn,
        first_year: agreement.firstYear,
        last_year: agreement.lastYear,
        data_kinds: agreement.dataKinds.join(","),
        recorded_by: agreement.recordedBy ?? null,
        recorded_at: this.clock(),
      })
      .execute();
    return (await this.find(code))!;
  }

  async find(code: string): Promise<District | undefined> {
    return (await this.list({ code }))[0];
  }

  /** Every district (or one), by code. */
  async list(filter: { code?: string } = {}): Promise<District[]> {
    let q = this.db.selectFrom("districts").selectAll();
    if (filter.code !== undefined) q = q.where("code", "=", filter.code);
    const rows = await q.orderBy("code").execute();
    if (rows.length === 0) return [];
    const agreements = await this.db
      .selectFrom("data_agreements")
      .selectAll()
      .where(
        "district_code",
        "in",
        rows.map((r) => r.code),
      )
      .orderBy("id")
      .execute();
    const latest = new Map<string, Selectable<DataAgreementsTable>>();
    for (const a of agreements) latest.set(a.district_code, a);
    return rows.map((r: Selectable<DistrictsTable>) => {
      const a = latest.get(r.code);
      return {
        code: r.code,
        name: r.name,
        status: r.status,
        optedIn: r.opted_in,
        joinedOn: r.joined_on,
        updatedAt: r.updated_at,
        agreement: a === undefined ? null : agreementOf(a),
      };
    });
  }

  /** The district's membership history, oldest first. */
  async history(code: string): Promise<StatusChange[]> {
    const rows = await this.db
      .selectFrom("district_status_history")
      .selectAll()
      .where("district_code", "=", code)
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      status: r.status,
      optedIn: r.opted_in,
      reason: r.reason,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    }));
  }

  /** Every onboarded district's membership, as a run takes it. */
  async membership(): Promise<DistrictMembership[]> {
    return (await this.list()).map((d) => ({
      districtCode: d.code,
      status: d.status,
      optedIn: d.optedIn,
    }));
  }

  /**
   * Whether district `code` may submit `schoolYear` today (the clock's UTC day), with `tables`
   * the submission's input tables: {@link submissionAllowed} over the stored district.
   */
  async submissionAllowed(
    code: string,
    schoolYear: number,
    tables: readonly string[] = [],
  ): Promise<SubmissionDecision> {
    const district = (await this.find(code)) ?? null;
    return submissionAllowed(
      district,
      schoolYear,
      this.clock().toISOString().slice(0, 10),
      tables,
      code,
    );
  }
}
