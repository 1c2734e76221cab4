/**
 * Iskra's checkpoint browser: the query's checkpoint directory as a tree (metadata, offsets/N,
 * commits/N, sources/, state/<op>/<partition>/<version>.delta…) and the content of one file.
 * Only paths inside the checkpoint are ever read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { maskSecrets } from "../errors";
import { escapeHtml as h } from "./format";

const MAX_ENTRIES = 2000;
const MAX_FILE_BYTES = 64 * 1024;

/** Resolves `rel` inside `root`; undefined when it would leave it. */
function insideCheckpoint(root: string, rel: string): string | undefined {
  const abs = path.resolve(root, "." + path.sep + rel);
  const r = path.resolve(root);
  return abs === r || abs.startsWith(r + path.sep) ? abs : undefined;
}

function listTree(root: string): Array<{ rel: string; dir: boolean; size: number }> {
  const out: Array<{ rel: string; dir: boolean; size: number }> = [];
  const walk = (dir: string, rel: string) => {
    let names: string[];
    try { names = fs.readdirSync(dir); } catch { return; }
    // Numbered entries (offsets/10 after offsets/9) in numeric order.
    names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    for (const n of names) {
      if (out.length >= MAX_ENTRIES) return;
      const abs = path.join(dir, n);
      const r = rel ? `${rel}/${n}` : n;
      let st: fs.Stats;
      try { st = fs.statSync(abs); } catch { continue; }
      out.push({ rel: r, dir: st.isDirectory(), size: st.size });
      if (st.isDirectory()) walk(abs, r);
    }
  };
  walk(root, "");
  return out;
}

function fileContent(abs: string): string {
  let buf: Buffer;
  try {
    const fd = fs.openSync(abs, "r");
    try {
      buf = Buffer.alloc(Math.min(MAX_FILE_BYTES, fs.fstatSync(fd).size));
      fs.readSync(fd, buf, 0, buf.length, 0);
    } finally { fs.closeSync(fd); }
  } catch (e) {
    return `<p class="empty">Cannot read: ${h((e as Error).message)}</p>`;
  }
  const text = buf.toString("utf8");
  const binary = /[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(text);
  if (!binary) return `<pre class="file">${h(maskSecrets(text))}</pre>`;
  const lines: string[] = [];
  for (let i = 0; i < Math.min(buf.length, 1024); i += 16) {
    const b = [...buf.subarray(i, i + 16)];
    lines.push(`${i.toString(16).padStart(8, "0")}  ${b.map((x) => x.toString(16).padStart(2, "0")).join(" ").padEnd(48)}  ${b.map((x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : ".")).join("")}`);
  }
  return `<p class="hint">binary, ${buf.length} bytes; the first ${Math.min(buf.length, 1024)}:</p><pre class="file">${h(lines.join("\n"))}</pre>`;
}

export function checkpointBody(runId: string, root: string, rel: string | undefined): string {
  if (!fs.existsSync(root)) return `<p class="empty">The checkpoint directory ${h(root)} no longer exists (a temporary checkpoint is deleted when its query stops).</p>`;
  const entries = listTree(root);
  const link = (r: string) => `/StreamingQuery/checkpoint/?id=${encodeURIComponent(runId)}&path=${encodeURIComponent(r)}`;
  const tree = entries.map((e) => {
    const depth = e.rel.split("/").length - 1;
    const name = e.rel.split("/").pop()!;
    const label = e.dir ? `${h(name)}/` : `<a href="${link(e.rel)}">${h(name)}</a> <span class="size">${e.size} B</span>`;
    return `<li class="${e.dir ? "dir" : "file"}${e.rel === rel ? " selected" : ""}" style="padding-left:${depth * 16}px" data-path="${h(e.rel)}">${label}</li>`;
  }).join("\n");
  let content = "";
  if (rel) {
    const abs = insideCheckpoint(root, rel);
    content = abs && fs.existsSync(abs) && fs.statSync(abs).isFile()
      ? `<h5>${h(rel)}</h5>${fileContent(abs)}`
      : `<p class="empty">No such file in the checkpoint: ${h(rel)}</p>`;
  }
  return `<p><strong>Checkpoint: </strong><code>${h(root)}</code></p>
<div class="checkpoint"><ul id="checkpoint-tree">${tree}</ul><div id="checkpoint-file">${content}</div></div>`;
}
