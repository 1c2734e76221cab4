import { strict as assert } from "node:assert";
import { test } from "node:test";
import chalk from "chalk";
import { loadLesson, renderStep, type Painter } from "./lessons";

const plain = new chalk.Instance({ level: 0 }) as unknown as Painter;

test("lines for the sender terminal are shown as text to type there, not as `$` commands of a shell", () => {
  const lesson = loadLesson(1);
  const at = (id: number) => lesson.steps.findIndex((s) => s.id === id);
  const step11 = renderStep(lesson, at(11), "en", plain, 100, (x) => x);
  assert.match(step11, /In the sender terminal \(npm run socket, or nc -lk 9876\), type this line:\n  spark scala scala spark structured streaming spark scala scala spark/);
  assert.doesNotMatch(step11, /\$ spark/);
  const pl = renderStep(lesson, at(12), "pl", plain, 100, (x) => x);
  assert.match(pl, /W terminalu nadawczym/);
  assert.doesNotMatch(pl, /\$ /);
  // A real command for another terminal keeps its `$`.
  const sender = lesson.steps.find((s) => s.shell === "npm run socket")!;
  assert.match(renderStep(lesson, lesson.steps.indexOf(sender), "en", plain, 100, (x) => x), /In another terminal:\n  \$ npm run socket/);
});
