// A node:test reporter for `npm run test:unit`: the 10 test files whose top-level tests took
// longest (the sum of their durations; a file's module loading is not in it). The spec reporter
// still prints the tests themselves.
import path from "node:path";

export default async function* fileTiming(source) {
  const files = new Map();
  for await (const e of source) {
    if ((e.type !== "test:pass" && e.type !== "test:fail") || e.data.nesting !== 0 || !e.data.file) continue;
    files.set(e.data.file, (files.get(e.data.file) ?? 0) + (e.data.details?.duration_ms ?? 0));
  }
  const rows = [...files].map(([file, ms]) => ({ file: path.relative(process.cwd(), file), ms })).sort((a, b) => b.ms - a.ms);
  yield `\nslowest test files (of ${rows.length}; the sum of each file's top-level tests):\n`;
  for (const r of rows.slice(0, 10)) yield `${(r.ms / 1000).toFixed(1).padStart(7)} s  ${r.file}\n`;
}
