/**
 * Parsing of Spark DDL type strings: "STRING", "bigint", "array<string>", "struct<a:int,b:string>",
 * "map<string,int>", "decimal(10,2)", and schemas "house STRING, score INT NOT NULL".
 */
import { ArithmeticException, ParseException } from "../errors";
import {
  ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, DataType, FLOAT, INTEGER, LONG, MapTypeClass, NULL, SHORT, STRING,
  StructFieldClass, StructTypeClass, TIMESTAMP, DecimalType, registerDataTypeParser,
} from "./data-types";
import { DT_FIELDS, DayTimeIntervalTypeClass, YM_FIELDS, YearMonthIntervalTypeClass } from "./interval-types";

const ATOMIC: Record<string, DataType> = {
  string: STRING, varchar: STRING, char: STRING, text: STRING,
  int: INTEGER, integer: INTEGER, bigint: LONG, long: LONG, smallint: SHORT, short: SHORT, tinyint: BYTE, byte: BYTE,
  double: DOUBLE, float: FLOAT, real: FLOAT, boolean: BOOLEAN, bool: BOOLEAN,
  timestamp: TIMESTAMP, timestamp_ltz: TIMESTAMP, date: DATE, binary: BINARY, void: NULL,
  decimal: DecimalType(), dec: DecimalType(), numeric: DecimalType(),
};

class TypeParser {
  private pos = 0;
  /** Set when the text uses char(n)/varchar(n) (read as string). */
  usesCharVarchar = false;
  constructor(private readonly text: string) {}

  private ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  private peek(): string {
    this.ws();
    return this.text[this.pos] ?? "";
  }
  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail();
    this.pos++;
  }
  fail(): never {
    const near = this.text.slice(this.pos).trim();
    throw new ParseException(
      `Syntax error at or near ${near ? `'${near.split(/\s+/)[0]}'` : "end of input"}.(line 1, pos ${this.pos})\n\n== SQL ==\n${this.text}\n${"-".repeat(this.pos)}^^^`,
      "PARSE_SYNTAX_ERROR",
    );
  }
  ident(): string {
    this.ws();
    if (this.text[this.pos] === "`") {
      const end = this.text.indexOf("`", this.pos + 1);
      if (end < 0) this.fail();
      const name = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return name;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail();
    this.pos += m[0].length;
    return m[0];
  }
  atEnd(): boolean {
    this.ws();
    return this.pos >= this.text.length;
  }
  dataType(): DataType {
    this.ws();
    const start = this.pos;
    const name = this.ident().toLowerCase();
    if (name === "interval") {
      // INTERVAL DAY [TO SECOND], INTERVAL YEAR [TO MONTH] (ANSI interval types).
      const t = intervalTypeNamed(this.text.slice(this.pos));
      if (t) { this.pos += t.length; return t.type; }
    }
    if (name === "array") {
      this.expect("<");
      const el = this.dataType();
      this.expect(">");
      return new ArrayTypeClass(el, true);
    }
    if (name === "map") {
      this.expect("<");
      const k = this.dataType();
      this.expect(",");
      const v = this.dataType();
      this.expect(">");
      return new MapTypeClass(k, v, true);
    }
    if (name === "struct") {
      this.expect("<");
      const fields: StructFieldClass[] = [];
      if (this.peek() !== ">") {
        for (;;) {
          const fname = this.ident();
          if (this.peek() === ":") this.pos++;
          fields.push(new StructFieldClass(fname, this.dataType(), true));
          if (this.peek() === ",") { this.pos++; continue; }
          break;
        }
      }
      this.expect(">");
      return new StructTypeClass(fields);
    }
    const t = ATOMIC[name];
    if (!t) {
      throw new ParseException(
        `Unsupported data type "${this.text.slice(start, this.pos).toUpperCase()}".(line 1, pos ${start})\n\n== SQL ==\n${this.text}\n${"-".repeat(start)}^^^\n`,
        "UNSUPPORTED_DATATYPE",
      );
    }
    if (name === "char" || name === "varchar") this.usesCharVarchar = true;
    if (t.typeName.startsWith("decimal") && this.peek() === "(") {
      this.pos++;
      const num = (): number => { const m = /^\s*(\d+)\s*/.exec(this.text.slice(this.pos)); if (!m) this.fail(); this.pos += m[0].length; return Number(m[1]); };
      const precision = num();
      const scale = this.peek() === "," ? (this.pos++, num()) : 0;
      this.expect(")");
      if (precision > 38) throw new ArithmeticException(`Decimal precision ${precision} exceeds max precision 38.`, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION");
      if (scale > precision) throw new ParseException(`\nDecimal scale (${scale}) cannot be greater than precision (${precision}).\n== SQL ==\n${this.text}`, "_LEGACY_ERROR_TEMP_1228");
      return DecimalType(precision, scale);
    }
    if (this.peek() === "(") {
      // char(30), varchar(10): the length does not change our runtime type.
      while (this.pos < this.text.length && this.text[this.pos] !== ")") this.pos++;
      this.expect(")");
    }
    return t;
  }
  schema(): StructTypeClass {
    const fields: StructFieldClass[] = [];
    for (;;) {
      const name = this.ident();
      if (this.peek() === ":") this.pos++;
      const t = this.dataType();
      let nullable = true;
      this.ws();
      const rest = this.text.slice(this.pos);
      const nn = /^not\s+null\b/i.exec(rest);
      if (nn) { nullable = false; this.pos += nn[0].length; }
      const cm = /^comment\s+'[^']*'/i.exec(this.text.slice(this.pos).trimStart());
      if (cm) { this.ws(); this.pos += cm[0].length; }
      fields.push(new StructFieldClass(name, t, nullable));
      if (this.peek() === ",") { this.pos++; continue; }
      break;
    }
    if (!this.atEnd()) this.fail();
    return new StructTypeClass(fields);
  }
}

/** Parses one data type ("bigint", "array<string>"). */
export function parseDataType(text: string): DataType {
  const p = new TypeParser(text);
  const t = p.dataType();
  if (!p.atEnd()) p.fail();
  return t;
}

/** Parses a DDL schema ("house STRING, score INT") or a bare "struct<...>". */
export function parseSchema(text: string): StructTypeClass {
  const trimmed = text.trim();
  if (/^struct\s*</i.test(trimmed)) {
    const t = parseDataType(trimmed);
    return t as StructTypeClass;
  }
  return new TypeParser(trimmed).schema();
}

/** Whether a DDL schema uses char(n)/varchar(n), which from_json's schema may not. */
export function schemaUsesCharVarchar(text: string): boolean {
  const trimmed = text.trim();
  const p = new TypeParser(trimmed);
  if (/^struct\s*</i.test(trimmed)) p.dataType();
  else p.schema();
  return p.usesCharVarchar;
}

/** Accepts what PySpark accepts wherever a schema is expected: a StructType, a DDL string, or a single type. */
export function toSchema(schema: StructTypeClass | DataType | string): StructTypeClass {
  if (schema instanceof StructTypeClass) return schema;
  if (typeof schema === "string") return parseSchema(schema);
  return new StructTypeClass([new StructFieldClass("value", schema, true)]);
}

export function toDataType(t: DataType | string): DataType {
  return typeof t === "string" ? parseDataType(t) : t;
}

registerDataTypeParser(parseDataType);

/** The fields after INTERVAL in a type name (` day to second`): the type and how much text they took. */
function intervalTypeNamed(rest: string): { type: DataType; length: number } | undefined {
  const m = /^\s+(year|month|day|hour|minute|second)(?:\s+to\s+(year|month|day|hour|minute|second))?\b/i.exec(rest);
  if (!m) return undefined;
  const s = m[1].toUpperCase(), e = (m[2] ?? m[1]).toUpperCase();
  const dt = DT_FIELDS as readonly string[], ym = YM_FIELDS as readonly string[];
  if (dt.includes(s) && dt.includes(e) && dt.indexOf(e) >= dt.indexOf(s)) return { type: new DayTimeIntervalTypeClass(dt.indexOf(s), dt.indexOf(e)), length: m[0].length };
  if (ym.includes(s) && ym.includes(e) && ym.indexOf(e) >= ym.indexOf(s)) return { type: new YearMonthIntervalTypeClass(ym.indexOf(s), ym.indexOf(e)), length: m[0].length };
  return undefined;
}
