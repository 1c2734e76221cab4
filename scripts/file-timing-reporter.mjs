// A node:test reporter for `npm run test:unit`: each test file's wall time (its first to its last
// event; files may overlap under --test-concurrency) and the sum of its top-level tests' durations,
// then the 10 slowest files. The spec reporter still prints the tests themselves.
import path from "node:path";

export default async function* fileTiming(source) {
  const files = new Map();
  for await (const e of source) {
    const file = e.data?.file;
    if (!file) continue;
    const now = performance.now();
    let f = files.get(file);
    if (!f) files.set(file, (f = { first: now, last: now, tests: 0 }));
    f.last = now;
    if ((e.type === "test:pass" || e.type === "test:fail") && e.data.nesting === 0) f.tests += e.data.details?.duration_ms ?? 0;
  }
  const rows = [...files].map(([file, f]) => ({ file: path.relative(process.cwd(), file), wall: f.last - f.first, tests: f.tests }));
  rows.sort((a, b) => Math.max(b.wall, b.tests) - Math.max(a.wall, a.tests));
  const s = (ms) => (ms / 1000).toFixed(1).padStart(6) + " s";
  yield `\nslowest test files (of ${rows.length}; wall = first to last event, tests = sum of top-level tests):\n`;
  for (const r of rows.slice(0, 10)) yield `${s(r.wall)} wall ${s(r.tests)} tests  ${r.file}\n`;
}
