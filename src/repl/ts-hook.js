/**
 * A small, fast TypeScript require hook for the shell's start-up (plain JS so it loads before any TS).
 *
 * Each .ts file is transpiled with `ts.transpileModule` (no type-check, like ts-node's
 * transpile-only mode) and the JavaScript is cached under `<ISKRA_HOME or .iskra>/cache/ts`, keyed
 * by a hash of the file's path and contents. A warm start therefore never loads the TypeScript
 * compiler at all; a changed file is transpiled again on its next load.
 *
 * If another .ts hook is already installed (ts-node under `npm test`), this one stays out of the way.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");

const ROOT = path.resolve(__dirname, "..", "..");
const HOME = process.env.ISKRA_HOME ? path.resolve(process.env.ISKRA_HOME) : path.join(ROOT, ".iskra");
// ISKRA_TS_CACHE: another cache directory (tests that give each shell its own ISKRA_HOME share one).
const CACHE_DIR = process.env.ISKRA_TS_CACHE ? path.resolve(process.env.ISKRA_TS_CACHE) : path.join(HOME, "cache", "ts");
const VERSION = "1"; // bump when the compiler options below change

let ts;
function typescript() {
  if (!ts) ts = require("typescript");
  return ts;
}

function compilerOptions() {
  const t = typescript();
  return {
    target: t.ScriptTarget.ES2022,
    module: t.ModuleKind.CommonJS,
    esModuleInterop: true,
    resolveJsonModule: true,
    inlineSourceMap: false,
    sourceMap: false,
  };
}

function transpile(source, filename) {
  const key = crypto.createHash("sha1").update(VERSION).update("\0").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, key.slice(0, 2), key + ".js");
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    /* not cached yet */
  }
  const out = typescript().transpileModule(source, { fileName: filename, compilerOptions: compilerOptions(), reportDiagnostics: false }).outputText;
  try {
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached);
  } catch {
    /* a read-only checkout still works, only slower */
  }
  return out;
}

function register() {
  if (require.extensions[".ts"]) return false;
  require.extensions[".ts"] = function (module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    module._compile(transpile(source, filename), filename);
  };
  return true;
}

/** true when nothing has been transpiled yet (the first start after installing or cleaning). */
const cold = !fs.existsSync(CACHE_DIR);

register();
module.exports = { register, transpile, CACHE_DIR, cold };
