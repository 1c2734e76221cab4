/**
 * The workshop handout (test/fixtures/workshop-handout.txt, the original Polish text) and its code
 * blocks by step number, exactly as a learner copies them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const HANDOUT_PATH = path.join(__dirname, "..", "fixtures", "workshop-handout.txt");

/** Every ``` block of the handout, under the number of the step it belongs to. */
function handoutBlocks(): Map<number, string[]> {
  const blocks = new Map<number, string[]>();
  let step = 0;
  let inBlock = false;
  let cur: string[] = [];
  for (const line of fs.readFileSync(HANDOUT_PATH, "utf8").split("\n")) {
    const m = /^(?:- )?(\d+)\. /.exec(line);
    if (!inBlock && m) step = Number(m[1]);
    if (line.trim() === "```") {
      if (inBlock) blocks.set(step, [...(blocks.get(step) ?? []), cur.join("\n")]);
      cur = [];
      inBlock = !inBlock;
      continue;
    }
    if (inBlock) cur.push(line);
  }
  return blocks;
}

/** The PySpark code of a step (its first block; for step 25 the second, after `???`). */
export function handoutCode(step: number, nth = 0): string {
  const b = handoutBlocks().get(step)?.filter((x) => x.trim() !== "???" && !/^>>>|^File "/.test(x));
  if (!b?.[nth]) throw new Error(`the handout has no code block ${nth} in step ${step}`);
  return b[nth];
}
