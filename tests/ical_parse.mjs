// Parse an iCalendar file with Mozilla's ical.js (tests/icaljs, vendored) and print what a
// calendar client reads from it as JSON: `node ical_parse.mjs FILE`. A file ical.js cannot
// parse exits non-zero with its error.
import { readFile } from "node:fs/promises";
import ICAL from "./icaljs/ical.min.js";

const text = await readFile(process.argv[2], "utf-8");
const root = new ICAL.Component(ICAL.parse(text));
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtz);
}
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const time = (t) =>
    t && {
      local: t.toString(),
      zone: t.zone ? t.zone.tzid : null,
      utc: t.isDate ? null : t.toJSDate().toISOString(),
      isDate: t.isDate,
    };
  const address = (prop) => ({
    value: prop.getFirstValue(),
    cn: prop.getParameter("cn") ?? null,
    partstat: prop.getParameter("partstat") ?? null,
    role: prop.getParameter("role") ?? null,
    rsvp: prop.getParameter("rsvp") ?? null,
  });
  const organizer = vevent.getFirstProperty("organizer");
  return {
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    description: event.description,
    status: vevent.getFirstPropertyValue("status"),
    url: vevent.getFirstPropertyValue("url"),
    start: time(event.startDate),
    end: time(event.endDate),
    organizer: organizer ? address(organizer) : null,
    attendees: vevent.getAllProperties("attendee").map(address),
  };
});
console.log(
  JSON.stringify({
    method: root.getFirstPropertyValue("method"),
    timezones: root.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid")),
    events,
  }),
);
