import { type FormEvent, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { ApiError } from "../api/api-client.ts";
import { useSession } from "../api/session.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

/** Sign in with email and password; then go where the reader was headed, or to their school. */
export function LoginPage() {
  useDocumentTitle("Sign in");
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await signIn(email, password);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(
        from ??
          (me.schoolCode
            ? `/schools/${me.schoolCode}`
            : me.districtCode
              ? `/districts/${me.districtCode}`
              : "/"),
      );
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 429
          ? "Too many failed sign-ins. Please wait and try again."
          : e instanceof ApiError && e.status === 401
            ? "Wrong email or password."
            : `Could not sign in: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
