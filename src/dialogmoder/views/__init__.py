"""Read-only views of a whole repository: the dashboard (`status`), the årsplan
(`plan`), follow-up initiatives (`actions`), the iCalendar file (`ics`), the JSON export,
CODEOWNERS, and the schema and key reference for editors."""
