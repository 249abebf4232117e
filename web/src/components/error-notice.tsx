/** What went wrong with a request, read out to screen readers; nothing when nothing did. */
export function ErrorNotice({ error }: { readonly error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="notice">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
