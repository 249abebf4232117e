import { type FormEvent, useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import {
  type DirectoryProfile,
  useDirectory,
  useMemberships,
  useMyProfile,
  useSaveProfile,
} from "../api/collaborative-queries.ts";
import { useSession } from "../api/session.tsx";
import { InputField, SelectField } from "../components/form-field.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

const EMPTY: DirectoryProfile = {
  position: "data_lead",
  title: "",
  phone: "",
  email: "",
  show_contact: false,
  listed: false,
};

/** The signed-in person's own entry: opt in, choose what others see. */
function MyEntry({ positions }: { positions: { id: string; label: string }[] }) {
  const mine = useMyProfile(true);
  const save = useSaveProfile();
  const [form, setForm] = useState<DirectoryProfile>(EMPTY);
  useEffect(() => {
    if (mine.data) setForm(mine.data);
  }, [mine.data]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(form);
  };
  // The form starts from the saved entry: shown before it arrives, edits would be overwritten.
  if (mine.isPending) return <p>Loading your entry…</p>;
  return (
    <form className="panel" onSubmit={submit} aria-label="My directory entry">
      <h2>My entry</h2>
      <div className="controls">
        <SelectField
          label="Position"
          value={form.position}
          onChange={(e) =>
            setForm({ ...form, position: e.target.value as DirectoryProfile["position"] })
          }
        >
          {positions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </SelectField>
        <InputField
          label="Title"
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.target.value })}
        />
        <InputField
          label="Phone"
          value={form.phone}
          onChange={(e) => setForm({ ...form, phone: e.target.value })}
        />
        <InputField
          label="Email"
          type="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
        />
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={form.listed}
              onChange={(e) => setForm({ ...form, listed: e.target.checked })}
            />{" "}
            List me in the directory
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.show_contact}
              onChange={(e) => setForm({ ...form, show_contact: e.target.checked })}
            />{" "}
            Show my phone and email
          </label>
        </div>
      </div>
      <button type="submit" disabled={save.isPending}>
        Save my entry
      </button>
      {save.isSuccess ? <p role="status">Saved.</p> : null}
      {save.error ? (
        <p role="alert">{save.error instanceof Error ? save.error.message : String(save.error)}</p>
      ) : null}
    </form>
  );
}

/**
 * The role-alike directory (issue #18 point 5): people who hold the same job in other districts
 * of the network, to call between meetings. Network members only; each person opts in.
 */
export function DirectoryPage() {
  useDocumentTitle("Directory");
  const { signedIn } = useSession();
  const [params, setParams] = useSearchParams();
  const position = params.get("position") ?? undefined;
  const district = params.get("district") ?? undefined;
  const directory = useDirectory(
    { ...(position ? { position } : {}), ...(district ? { district } : {}) },
    signedIn,
  );
  const districts = useMemberships(signedIn);
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const positions = directory.data?.positions ?? [];
  const label = (id: string) => positions.find((p) => p.id === id)?.label ?? id;
  if (!signedIn)
    return (
      <section>
        <h1>Role-alike directory</h1>
        <p>The directory is for the network's members: please sign in.</p>
      </section>
    );
  return (
    <section>
      <h1>Role-alike directory</h1>
      <p className="muted">
        People who hold the same role in other districts of the network. Only those who chose to be
        listed appear, with their phone and email only when they chose to show them.
      </p>
      <div className="controls">
        <SelectField
          label="Role"
          value={position ?? ""}
          onChange={(e) => choose("position", e.target.value)}
        >
          <option value="">Every role</option>
          {positions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="District"
          value={district ?? ""}
          onChange={(e) => choose("district", e.target.value)}
        >
          <option value="">Every district</option>
          {(districts.data ?? [])
            .filter((d) => d.status !== "inactive")
            .map((d) => (
              <option key={d.district_code} value={d.district_code}>
                {d.name}
              </option>
            ))}
        </SelectField>
      </div>
      <QueryState pending={directory.isPending} error={directory.error} what="the directory">
        <div className="table-scroll">
          <table>
            <caption>{directory.data?.people.length ?? 0} people</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Title</th>
                <th scope="col">District</th>
                <th scope="col">Phone</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {(directory.data?.people ?? []).map((p) => (
                <tr key={`${p.name}-${p.position}-${p.district_code ?? "hub"}`}>
                  <td>{p.name}</td>
                  <td>{label(p.position)}</td>
                  <td>{p.title}</td>
                  <td>{p.district_name ?? "Collaborative hub"}</td>
                  <td>{p.phone ? <a href={`tel:${p.phone}`}>{p.phone}</a> : "not shown"}</td>
                  <td>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : "not shown"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <MyEntry positions={positions} />
      </QueryState>
    </section>
  );
}
