/** The warning beside every free-text field of the workspace: it is shared, and kept. */
export function PrivacyNote() {
  return (
    <p className="notice privacy-note" role="note">
      <strong>No student names.</strong> Notes are shared with both schools, their districts, the
      facilitator and the hub, and kept. Write about groups, counts and practices, never about a
      named or identifiable student.
    </p>
  );
}
