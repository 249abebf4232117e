import { type FormEvent, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { useAcceptInvitation } from "../api/collaborative-queries.ts";
import { InputField } from "../components/form-field.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

/**
 * Where an invitation link lands (`/invite#token=…`: the token rides in the fragment, which the
 * browser never sends): the invited person chooses a password, once.
 */
export function InvitePage() {
  useDocumentTitle("Accept your invitation");
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
  const accept = useAcceptInvitation();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== again);
    if (password === again) accept.mutate({ token, password });
  };
  if (accept.isSuccess)
    return (
      <section>
        <h1>Your account is ready</h1>
        <p role="status">
          Sign in as {accept.data.email} with your new password. <Link to="/login">Sign in</Link>
        </p>
      </section>
    );
  return (
    <section>
      <h1>Accept your invitation</h1>
      {token === "" ? (
        <p role="alert">This page needs the link from your invitation.</p>
      ) : (
        <form className="panel" onSubmit={submit} aria-label="Choose a password">
          <InputField
            label="New password (12 characters or more)"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <InputField
            label="Repeat it"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
          />
          <button type="submit" disabled={accept.isPending}>
            Set my password
          </button>
          {mismatch ? <p role="alert">The two passwords differ.</p> : null}
          {accept.error ? (
            <p role="alert">
              {accept.error instanceof Error ? accept.error.message : String(accept.error)}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
