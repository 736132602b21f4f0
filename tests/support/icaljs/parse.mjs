// Reads each file named on the command line with Mozilla's ical.js, the parser Thunderbird uses,
// and prints one JSON document: for every file, its components as ical.js sees them (jCal/jCard).
// A file ical.js refuses is reported with its message instead of stopping the others, so the
// Python side can name which export a real client would reject.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function describe(component) {
  return {
    name: component.name,
    properties: component.getAllProperties().map((property) => ({
      name: property.name,
      type: property.type,
      parameters: property.toJSON()[1],
      // jCal/jCard values: dates as ISO strings, structured values (N, ADR) as arrays.
      values: property.toJSON().slice(3),
    })),
    components: component.getAllSubcomponents().map(describe),
  };
}

const results = process.argv.slice(2).map((path) => {
  try {
    const parsed = ICAL.parse(readFileSync(path, "utf8"));
    // A file with one component parses to a single jCal array, with several to a list of them.
    const roots = typeof parsed[0] === "string" ? [parsed] : parsed;
    return { path, components: roots.map((root) => describe(new ICAL.Component(root))) };
  } catch (error) {
    return { path, error: String(error && error.message ? error.message : error) };
  }
});
process.stdout.write(JSON.stringify(results));
