import { Link } from "react-router-dom";

/** Any address the app does not know. */
export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the network overview</Link>
      </p>
    </>
  );
}
