import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import {
  type Membership,
  membershipLabel,
  useChangeStatus,
  useInvitations,
  useInvite,
  useMemberships,
  useOnboardDistrict,
} from "../api/collaborative-queries.ts";
import { useSession } from "../api/session.tsx";
import { InputField, SelectField } from "../components/form-field.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

const STATUSES = ["member", "participant", "inactive"] as const;

function errorText(error: unknown): string | null {
  return error instanceof Error ? error.message : error ? String(error) : null;
}

/** The hub's form to onboard a district with its data-sharing agreement. */
function OnboardForm() {
  const onboard = useOnboardDistrict();
  const [form, setForm] = useState({
    code: "",
    name: "",
    status: "member" as (typeof STATUSES)[number],
    optedIn: false,
    signed: "",
    start: "",
    end: "",
    first: "",
    last: "",
    kinds: "",
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const agreement =
      form.start && form.end && form.first && form.last
        ? {
            signed_on: form.signed || form.start,
            starts_on: form.start,
            ends_on: form.end,
            first_year: Number(form.first),
            last_year: Number(form.last),
            data_kinds: form.kinds
              .split(",")
              .map((k) => k.trim())
              .filter((k) => k !== ""),
          }
        : undefined;
    onboard.mutate({
      district_code: form.code.trim(),
      name: form.name.trim(),
      status: form.status,
      opted_in: form.optedIn,
      ...(agreement ? { agreement } : {}),
    });
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Onboard a district">
      <h2>Onboard a district</h2>
      <div className="controls">
        <InputField
          label="District code (7 digits)"
          value={form.code}
          onChange={set("code")}
          required
          pattern="[0-9]{7}"
        />
        <InputField label="Name" value={form.name} onChange={set("name")} required />
        <SelectField label="Membership" value={form.status} onChange={set("status")}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={form.optedIn}
              onChange={(e) => setForm({ ...form, optedIn: e.target.checked })}
            />{" "}
            Participant opts in to identification and pairing
          </label>
        </div>
      </div>
      <fieldset>
        <legend>Data-sharing agreement (no data is accepted outside it)</legend>
        <div className="controls">
          <InputField label="Signed" type="date" value={form.signed} onChange={set("signed")} />
          <InputField
            label="In force from"
            type="date"
            value={form.start}
            onChange={set("start")}
          />
          <InputField label="Expires" type="date" value={form.end} onChange={set("end")} />
          <InputField
            label="First school year"
            inputMode="numeric"
            value={form.first}
            onChange={set("first")}
          />
          <InputField
            label="Last school year"
            inputMode="numeric"
            value={form.last}
            onChange={set("last")}
          />
          <InputField
            label="Data kinds (input tables, comma-separated; empty: all)"
            value={form.kinds}
            onChange={set("kinds")}
          />
        </div>
      </fieldset>
      <button type="submit" disabled={onboard.isPending}>
        Onboard
      </button>
      {onboard.isSuccess ? <p role="status">Onboarded {onboard.data.name}.</p> : null}
      {onboard.error ? <p role="alert">{errorText(onboard.error)}</p> : null}
    </form>
  );
}

/** One district's row of actions: change status, invite its leads, see invitations. */
function DistrictActions({ d }: { d: Membership }) {
  const change = useChangeStatus(d.district_code);
  const invite = useInvite(d.district_code);
  const invitations = useInvitations(d.district_code);
  const [status, setStatus] = useState(d.status);
  const [optedIn, setOptedIn] = useState(d.opted_in);
  const [reason, setReason] = useState("");
  const [lead, setLead] = useState<"data_lead" | "superintendent">("data_lead");
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const link = invite.data ? `${window.location.origin}${invite.data.link_path}` : null;
  return (
    <div className="panel">
      <form
        aria-label={`Change the membership of ${d.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ status, opted_in: optedIn, reason });
        }}
      >
        <div className="controls">
          <SelectField
            label="Membership"
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={optedIn}
                onChange={(e) => setOptedIn(e.target.checked)}
              />{" "}
              Opted in
            </label>
          </div>
          <InputField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={change.isPending}>
            Change status
          </button>
        </div>
        {change.error ? <p role="alert">{errorText(change.error)}</p> : null}
      </form>
      <form
        aria-label={`Invite to ${d.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ lead, email, name });
        }}
      >
        <div className="controls">
          <SelectField
            label="Invite"
            value={lead}
            onChange={(e) => setLead(e.target.value as typeof lead)}
          >
            <option value="data_lead">Data lead</option>
            <option value="superintendent">Superintendent</option>
          </SelectField>
          <InputField
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
          <InputField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
          <button type="submit" disabled={invite.isPending || d.status === "inactive"}>
            Send invitation
          </button>
        </div>
        {link ? (
          <p role="status">
            Send this link to {invite.data?.email}; it works once, until{" "}
            {invite.data?.expires_at.slice(0, 10)}: <code>{link}</code>
          </p>
        ) : null}
        {invite.error ? <p role="alert">{errorText(invite.error)}</p> : null}
      </form>
      {invitations.data && invitations.data.invitations.length > 0 ? (
        <table>
          <caption>Invitations</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">Used</th>
            </tr>
          </thead>
          <tbody>
            {invitations.data.invitations.map((i) => (
              <tr key={`${i.email}-${i.created_at}`}>
                <td>
                  {i.name} ({i.email})
                </td>
                <td>{i.created_at.slice(0, 10)}</td>
                <td>{i.expires_at.slice(0, 10)}</td>
                <td>{i.used_at ? i.used_at.slice(0, 10) : "not yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/**
 * The data collaborative's membership (issue #18): every district with its status and
 * agreement; the hub onboards districts, changes their status and invites their leads.
 */
export function MembersPage() {
  useDocumentTitle("Membership");
  const { me, signedIn } = useSession();
  const list = useMemberships(signedIn);
  const hub = me?.role === "hub_admin";
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section>
      <h1>Membership of the data collaborative</h1>
      <p className="muted">
        Members set the network's cut points and are identified, paired and placed in communities.
        Data-collaborative participants are measured on the members' frozen cut points and
        benchmarked against the network, and are identified only when they opt in. Inactive
        districts are left out of runs.
      </p>
      <QueryState pending={list.isPending} error={list.error} what="the districts' membership">
        {list.data?.length === 0 ? (
          <p>
            No district is onboarded yet
            {hub ? ": onboard the first below." : "; the collaborative's hub onboards them."}
          </p>
        ) : null}
        <div className="table-scroll" hidden={list.data?.length === 0}>
          <table>
            <thead>
              <tr>
                <th scope="col">District</th>
                <th scope="col">Membership</th>
                <th scope="col">Agreement</th>
                <th scope="col">School years</th>
                {hub ? <th scope="col">Manage</th> : null}
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((d) => (
                <tr key={d.district_code}>
                  <td>
                    <Link to={`/districts/${d.district_code}`}>{d.name}</Link> ({d.district_code})
                  </td>
                  <td>{membershipLabel(d)}</td>
                  <td>
                    {d.agreement
                      ? `${d.agreement.starts_on} to ${d.agreement.ends_on}`
                      : "none on record"}
                  </td>
                  <td>
                    {d.agreement
                      ? `${d.agreement.first_year}–${d.agreement.last_year}${d.agreement.data_kinds.length > 0 ? ` (${d.agreement.data_kinds.join(", ")})` : ""}`
                      : "—"}
                  </td>
                  {hub ? (
                    <td>
                      <button
                        type="button"
                        aria-expanded={open === d.district_code}
                        onClick={() => setOpen(open === d.district_code ? null : d.district_code)}
                      >
                        {open === d.district_code ? "Close" : "Manage"}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {hub && open ? (
          <DistrictActions
            key={open}
            d={(list.data ?? []).find((d) => d.district_code === open)!}
          />
        ) : null}
      </QueryState>
      {hub ? <OnboardForm /> : null}
    </section>
  );
}
