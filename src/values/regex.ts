/** Spark's pattern languages as JS RegExps: Java regexes (rlike, regexp_*, split) and LIKE / ILIKE patterns. */
/** Converts a Java regex to a JS RegExp (the common subset; flags inline (?i) supported). */
export function javaRegex(pattern: string, flags = ""): RegExp {
  let p = pattern;
  let f = flags;
  const m = /^\(\?([imsx]+)\)/.exec(p);
  if (m) { p = p.slice(m[0].length); f += m[1].replace("x", ""); }
  p = p.replace(/\\Q(.*?)(\\E|$)/g, (_s, lit: string) => lit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(p, f.includes("u") ? f : f + "u");
}

/** A LIKE pattern as an anchored RegExp (`flags` "iu" for ILIKE). */
export function likeToRegex(pattern: string, flags = "u"): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, flags);
}
