import { test } from "node:test";
import assert from "node:assert/strict";
import { HyperLogLogPlusPlus } from "./hyperloglog";
import { IllegalArgumentException } from "../../errors";

/**
 * How scripts/spark-oracle/hll_values.py builds each series from `id` (spark.range), and the
 * same values in the engine's representation.
 */
const INPUTS: Record<string, { typeName: string; value: (i: number) => unknown }> = {
  string: { typeName: "string", value: (i) => "user-" + i }, // concat('user-', id)
  int: { typeName: "integer", value: (i) => i }, // cast(id as int)
  long: { typeName: "long", value: (i) => i }, // id
  double: { typeName: "double", value: (i) => i / 7 }, // cast(id as double) / 7.0
  float: { typeName: "float", value: (i) => Math.fround(i / 7) }, // cast(cast(id as double) / 7.0 as float)
  date: { typeName: "date", value: (i) => 19723 + i }, // date_add(DATE'2024-01-01', id)
  timestamp: { typeName: "timestamp", value: (i) => i * 1000003 }, // timestamp_micros(id * 1000003)
  short: { typeName: "short", value: (i) => i }, // cast(id as short)
  byte: { typeName: "byte", value: (i) => i - 128 }, // cast(id - 128 as byte)
  binary: { typeName: "binary", value: (i) => Buffer.from("user-" + i) }, // cast(concat('user-', id) as binary)
};

/**
 * Every approx_count_distinct value printed by scripts/spark-oracle/hll_values.py (local Spark 3.5.9).
 * SERIES[type][rsd][n] = approx_count_distinct over the first n ids of spark.range(1000000); see INPUTS.
 */
const SERIES: Record<string, Record<string, Record<string, number>>> = {
  string: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 298, 500: 510, 1000: 1089, 1500: 1556, 2000: 2021, 3000: 2978, 5000: 4985, 10000: 9336, 20000: 20005, 50000: 47985, 100000: 99148, 1000000: 909869 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 298, 500: 501, 1000: 1007, 1500: 1511, 2000: 2016, 3000: 3015, 5000: 5031, 10000: 9980, 20000: 20217, 50000: 50666, 100000: 100688, 1000000: 998237 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 97, 300: 313, 500: 524, 1000: 1178, 1500: 1814, 2000: 2259, 3000: 2922, 5000: 4608, 10000: 9093, 20000: 19424, 50000: 42470, 100000: 103933, 1000000: 782559 },
    "0.3": { 0: 0, 1: 1, 10: 16, 100: 82, 300: 238, 500: 651, 1000: 1066, 1500: 1721, 2000: 1721, 3000: 2082, 5000: 2940, 10000: 5955, 20000: 15855, 50000: 36408, 100000: 115658, 1000000: 869572 },
  },
  int: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 295, 500: 494, 1000: 1026, 1500: 1525, 2000: 2023, 3000: 2963, 5000: 4956, 10000: 9823, 20000: 18595, 50000: 45888, 100000: 94954, 1000000: 943039 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 100, 300: 298, 500: 500, 1000: 1002, 1500: 1515, 2000: 2017, 3000: 2996, 5000: 5003, 10000: 10050, 20000: 19972, 50000: 49702, 100000: 101521, 1000000: 1004865 },
    "0.1": { 0: 0, 1: 1, 10: 9, 100: 104, 300: 320, 500: 514, 1000: 1000, 1500: 1453, 2000: 2171, 3000: 3162, 5000: 5347, 10000: 9851, 20000: 18418, 50000: 46344, 100000: 92868, 1000000: 973674 },
    "0.3": { 0: 0, 1: 1, 10: 13, 100: 67, 300: 317, 500: 584, 1000: 1044, 1500: 1546, 2000: 2048, 3000: 2668, 5000: 5955, 10000: 7629, 20000: 11569, 50000: 28219, 100000: 56350, 1000000: 729928 },
  },
  long: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 103, 300: 296, 500: 484, 1000: 1026, 1500: 1400, 2000: 1947, 3000: 2770, 5000: 4671, 10000: 9571, 20000: 19522, 50000: 50113, 100000: 95546, 1000000: 925738 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 100, 300: 301, 500: 500, 1000: 996, 1500: 1507, 2000: 2013, 3000: 2991, 5000: 4957, 10000: 9965, 20000: 19867, 50000: 49813, 100000: 100425, 1000000: 996123 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 101, 300: 274, 500: 410, 1000: 928, 1500: 1404, 2000: 2096, 3000: 3039, 5000: 4570, 10000: 9472, 20000: 18211, 50000: 54380, 100000: 102065, 1000000: 1001406 },
    "0.3": { 0: 0, 1: 1, 10: 13, 100: 80, 300: 302, 500: 374, 1000: 979, 1500: 1505, 2000: 2442, 3000: 3016, 5000: 5387, 10000: 8019, 20000: 24816, 50000: 59583, 100000: 78139, 1000000: 973237 },
  },
  double: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 101, 300: 293, 500: 518, 1000: 990, 1500: 1567, 2000: 2048, 3000: 3038, 5000: 4832, 10000: 9441, 20000: 19958, 50000: 50541, 100000: 101258, 1000000: 1069999 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 100, 300: 301, 500: 503, 1000: 1003, 1500: 1507, 2000: 2015, 3000: 3043, 5000: 5076, 10000: 10072, 20000: 20029, 50000: 50525, 100000: 100689, 1000000: 1007505 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 118, 300: 293, 500: 452, 1000: 946, 1500: 1474, 2000: 1912, 3000: 3030, 5000: 4973, 10000: 8460, 20000: 18465, 50000: 47405, 100000: 98262, 1000000: 1115795 },
    "0.3": { 0: 0, 1: 1, 10: 11, 100: 97, 300: 247, 500: 301, 1000: 706, 1500: 1458, 2000: 1867, 3000: 3208, 5000: 5132, 10000: 11664, 20000: 20604, 50000: 49740, 100000: 100813, 1000000: 1075340 },
  },
  float: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 106, 300: 324, 500: 547, 1000: 1081, 1500: 1512, 2000: 2059, 3000: 3098, 5000: 5290, 10000: 10775, 20000: 20751, 50000: 51714, 100000: 95853, 1000000: 959368 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 100, 300: 301, 500: 497, 1000: 995, 1500: 1489, 2000: 1998, 3000: 3010, 5000: 5000, 10000: 9982, 20000: 20091, 50000: 49820, 100000: 98387, 1000000: 1006803 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 106, 300: 313, 500: 527, 1000: 1196, 1500: 1595, 2000: 2016, 3000: 2902, 5000: 5799, 10000: 11353, 20000: 20413, 50000: 52398, 100000: 109322, 1000000: 924833 },
    "0.3": { 0: 0, 1: 1, 10: 8, 100: 90, 300: 277, 500: 368, 1000: 1026, 1500: 1877, 2000: 1877, 3000: 2663, 5000: 8206, 10000: 9801, 20000: 26074, 50000: 43256, 100000: 82398, 1000000: 685606 },
  },
  date: {
    "0.05": { 0: 0, 1: 1, 10: 9, 100: 100, 300: 296, 500: 494, 1000: 997, 1500: 1571, 2000: 2075, 3000: 2953, 5000: 5047, 10000: 9398, 20000: 19096, 50000: 51974, 100000: 97831 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 100, 300: 299, 500: 500, 1000: 1005, 1500: 1509, 2000: 2012, 3000: 3019, 5000: 5018, 10000: 10076, 20000: 20186, 50000: 50195, 100000: 101490 },
    "0.1": { 0: 0, 1: 1, 10: 9, 100: 97, 300: 283, 500: 522, 1000: 975, 1500: 1781, 2000: 2089, 3000: 2799, 5000: 5143, 10000: 9357, 20000: 18180, 50000: 47063, 100000: 85539 },
    "0.3": { 0: 0, 1: 1, 10: 8, 100: 195, 300: 405, 500: 580, 1000: 748, 1500: 1705, 2000: 2192, 3000: 2575, 5000: 3637, 10000: 6901, 20000: 12771, 50000: 30000, 100000: 55247 },
  },
  timestamp: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 104, 300: 316, 500: 516, 1000: 997, 1500: 1565, 2000: 2066, 3000: 3153, 5000: 5079, 10000: 9748, 20000: 19480, 50000: 51037, 100000: 98613 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 300, 500: 497, 1000: 999, 1500: 1494, 2000: 1973, 3000: 2970, 5000: 4974, 10000: 9963, 20000: 19830, 50000: 49712, 100000: 100774 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 106, 300: 293, 500: 475, 1000: 1029, 1500: 1495, 2000: 1941, 3000: 3279, 5000: 5084, 10000: 9706, 20000: 17659, 50000: 51124, 100000: 94108 },
    "0.3": { 0: 0, 1: 1, 10: 13, 100: 81, 300: 285, 500: 436, 1000: 997, 1500: 1288, 2000: 1434, 3000: 2498, 5000: 4817, 10000: 7586, 20000: 18803, 50000: 44673, 100000: 87698 },
  },
  short: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 295, 500: 494, 1000: 1026, 1500: 1525, 2000: 2023, 3000: 2963, 5000: 4956, 10000: 9823, 20000: 18595 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 100, 300: 298, 500: 500, 1000: 1002, 1500: 1515, 2000: 2017, 3000: 2996, 5000: 5003, 10000: 10050, 20000: 19972 },
    "0.1": { 0: 0, 1: 1, 10: 9, 100: 104, 300: 320, 500: 514, 1000: 1000, 1500: 1453, 2000: 2171, 3000: 3162, 5000: 5347, 10000: 9851, 20000: 18418 },
    "0.3": { 0: 0, 1: 1, 10: 13, 100: 67, 300: 317, 500: 584, 1000: 1044, 1500: 1546, 2000: 2048, 3000: 2668, 5000: 5955, 10000: 7629, 20000: 11569 },
  },
  byte: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 94 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 99 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 81 },
    "0.3": { 0: 0, 1: 1, 10: 13, 100: 99 },
  },
  binary: {
    "0.05": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 298, 500: 510, 1000: 1089, 1500: 1556, 2000: 2021, 3000: 2978, 5000: 4985, 10000: 9336, 20000: 20005, 50000: 47985, 100000: 99148 },
    "0.01": { 0: 0, 1: 1, 10: 10, 100: 99, 300: 298, 500: 501, 1000: 1007, 1500: 1511, 2000: 2016, 3000: 3015, 5000: 5031, 10000: 9980, 20000: 20217, 50000: 50666, 100000: 100688 },
    "0.1": { 0: 0, 1: 1, 10: 10, 100: 97, 300: 313, 500: 524, 1000: 1178, 1500: 1814, 2000: 2259, 3000: 2922, 5000: 4608, 10000: 9093, 20000: 19424, 50000: 42470, 100000: 103933 },
    "0.3": { 0: 0, 1: 1, 10: 16, 100: 82, 300: 238, 500: 651, 1000: 1066, 1500: 1721, 2000: 1721, 3000: 2082, 5000: 2940, 10000: 5955, 20000: 15855, 50000: 36408, 100000: 115658 },
  },
};

/** Spark 3.5 on approx_count_distinct(col, 0.5) (pyspark shows the IllegalArgumentException text). */
const SPARK_RSD_05_ERROR = "requirement failed: HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.";

/** The 214 names in the workshop data set harry-potter-characters.txt, in file order. */
const HARRY_POTTER_CHARACTERS = [
  "Hannah Abbott", "Bathsheda Babbling", "Ludo Bagman", "Bathilda Bagshot", "Marcus Belby", "Katie Bell",
  "Cuthbert Binns", "Phineas Nigellus Black", "Regulus Arcturus Black", "Sirius Black", "Broderick Bode",
  "Bogrod", "Amelia Bones", "Susan Bones", "Terry Boot", "Mr. Borgin", "Lavender Brown",
  "Millicent Bulstrode", "Charity Burbage", "Frank Bryce", "Alecto Carrow", "Amycus Carrow",
  "Reginald Cattermole", "Mary Cattermole", "Cho Chang", "Penelope Clearwater", "Mrs. Cole",
  "Michael Corner", "Vincent Crabbe, Sr.", "Vincent Crabbe", "Dennis Creevey", "Dirk Cresswell",
  "Bartemius Crouch, Sr.", "Barty Crouch, Jr.", "Roger Davies", "John Dawlish", "Fleur Delacour",
  "Gabrielle Delacour", "Dedalus Diggle", "Amos Diggory", "Cedric Diggory", "Armando Dippet", "Elphias Doge",
  "Antonin Dolohov", "Aberforth Dumbledore", "Albus Dumbledore", "Ariana Dumbledore", "Dudley Dursley",
  "Marge Dursley", "Petunia Dursley", "Vernon Dursley", "Marietta Edgecombe", "Everard", "Arabella Figg",
  "Argus Filch", "Justin Finch-Fletchley", "Seamus Finnigan", "Marcus Flint", "Nicholas Flamel",
  "Mundungus Fletcher", "Filius Flitwick", "Florean Fortescue", "Cornelius Fudge", "Marvolo Gaunt",
  "Merope Gaunt", "Morfin Gaunt", "Anthony Goldstein", "Goyle Sr.", "Gregory Goyle", "Heromine Granger",
  "Gregorovitch", "Fenrir Greyback", "Gellert Grindelwald", "Wilhelmina Grubbly-Plank", "Godric Gryffindor",
  "Astoria Greengrass", "Rubeus Hagrid", "Rolanda Hooch", "Mafalda Hopkirk", "Helga Hufflepuff",
  "Angelina Johnson", "Lee Jordan", "Bertha Jorkins", "Igor Karkaroff", "Viktor Krum", "Bellatrix Lestrange",
  "Rabastan Lestrange", "Rodolphus Lestrange", "Gilderoy Lockhart", "Alice Longbottom", "Augusta Longbottom",
  "Frank Longbottom", "Neville Longbottom", "Luna Lovegood", "Xenophilius Lovegood", "Remus Lupin",
  "Walden Macnair", "Draco Malfoy", "Lucius Malfoy", "Narcissa Malfoy", "Madam Malkin",
  "Griselda Marchbanks", "Olympe Maxime", "Ernie Macmillan", "Minerva McGonagall", "Cormac McLaggen",
  "Graham Montague", "Alastor (Mad-Eye) Moody", "Moran", "Theodore Nott", "Bob Ogden", "Garrick Ollivander",
  "Pansy Parkinson", "Padma Patil", "Parvati Patil", "Peter Pettigrew", "Antioch Peverell",
  "Cadmus Peverell", "Ignotus Peverell", "Irma Prince", "Sturgis Podmore", "Poppy Pomfrey", "Harry Potter",
  "James Potter", "Lily Potter", "Fabian Prewett", "Gideon Prewett", "Quirinus Quirrell",
  "Helena Ravenclaw (The Grey Lady)", "Rowena Ravenclaw", "Tom Marvolo Riddle", "Mr. Roberts",
  "Demelza Robins", "Augustus Rookwood", "Albert Runcorn", "Scabior", "Newt Scamander", "Rolf Scamander",
  "Rufus Scrimgeour", "Kingsley Shacklebolt", "Stan Shunpike", "Aurora Sinistra", "Rita Skeeter",
  "Horace Slughorn", "Salazar Slytherin", "Hepzibah Smith", "Zacharias Smith", "Severus Snape",
  "Alicia Spinnet", "Pomona Sprout", "Pius Thicknesse", "Dean Thomas", "Andromeda Tonks", "Nymphadora Tonks",
  "Ted Tonks", "Travers", "Sybill Trelawney", "Wilky Twycross", "Dolores Jane Umbridge", "Emmeline Vance",
  "Romilda Vane", "Septima Vector", "Lord Voldemort", "Myrtle Warren", "Cassius Warrington",
  "Arthur Weasley", "Bill Weasley", "Charlie Weasley", "Fred Weasley", "George Weasley", "Ginny Weasley",
  "Molly Weasley", "Percy Weasley", "Ron Weasley", "Oliver Wood", "Kennilworthy Whisp", "Yaxley",
  "Blaise Zabini", "Aragog", "Bane", "Beedle the Bard", "The Bloody Baron", "Buckbeak", "Sir Cadogan",
  "Crookshanks", "Dobby", "Enid", "Errol", "Fang", "The Fat Friar", "Fridwulfa", "The Fat Lady", "Fawkes",
  "Firenze", "Fluffy", "Grawp", "Griphook", "Hedwig", "Hokey", "Kreacher", "Magorian", "Moaning Myrtle",
  "Mrs. Norris", "Great Aunt Muriel", "Nagini", "Nearly Headless Nick", "Norbert", "Peeves", "Pigwidgeon",
  "Madam Rosmerta", "Ronan", "Scabbers", "Trevor", "Winky",
];

/** Feeds ids 0.. once per (type, rsd) and checks the estimate at every n Spark reported. */
function checkSeries(type: string): void {
  const { typeName, value } = INPUTS[type];
  for (const [rsd, byN] of Object.entries(SERIES[type])) {
    const hll = new HyperLogLogPlusPlus(Number(rsd));
    const buf = hll.newBuffer();
    const ns = Object.keys(byN).map(Number).sort((a, b) => a - b);
    let i = 0;
    for (const n of ns) {
      for (; i < n; i++) hll.update(buf, value(i), typeName);
      assert.equal(hll.query(buf), byN[n], `${type} rsd=${rsd} n=${n}`);
    }
  }
}

for (const type of Object.keys(SERIES)) {
  const maxN = Math.max(...Object.keys(SERIES[type]["0.05"]).map(Number));
  test(`approx_count_distinct equals Spark 3.5: ${type} values, rsd 0.05/0.01/0.1/0.3, n = 0 .. ${maxN}`, () => {
    checkSeries(type);
  });
}

test("approx_count_distinct equals Spark 3.5: the 214 Harry Potter characters", () => {
  assert.equal(HARRY_POTTER_CHARACTERS.length, 214);
  assert.equal(new Set(HARRY_POTTER_CHARACTERS).size, 214);
  const expected: Record<string, number> = { "0.05": 213, "0.01": 215, "0.1": 225, "0.3": 232 };
  for (const [rsd, want] of Object.entries(expected)) {
    const hll = new HyperLogLogPlusPlus(Number(rsd));
    const buf = hll.newBuffer();
    for (const name of HARRY_POTTER_CHARACTERS) hll.updateString(buf, name);
    assert.equal(hll.query(buf), want, `rsd ${rsd}`);
    // the same through the bytes path (e.g. straight out of a Kafka value)
    const viaBytes = hll.newBuffer();
    const all = Buffer.from(HARRY_POTTER_CHARACTERS.join("\n"));
    let start = 0;
    for (let j = 0; j <= all.length; j++) {
      if (j === all.length || all[j] === 10) {
        hll.updateUtf8(viaBytes, all, start, j - start);
        start = j + 1;
      }
    }
    assert.deepEqual(viaBytes, buf);
  }
});

test("approx_count_distinct equals Spark 3.5: small sets", () => {
  const one = (typeName: string, values: unknown[], rsd = 0.05): number => {
    const hll = new HyperLogLogPlusPlus(rsd);
    const buf = hll.newBuffer();
    for (const v of values) hll.update(buf, v, typeName);
    return hll.query(buf);
  };
  // -0.0 and 0.0 are one value; every NaN is one value (Spark: 6 of 7)
  const specials = [0.0, -0.0, NaN, 1.0, -1.0, Infinity, -Infinity];
  assert.equal(one("double", specials), 6);
  assert.equal(one("double", [...specials, -NaN, 0 / 0, new Float64Array(new Uint32Array([1, 0x7ff00000]).buffer)[0]]), 6);
  assert.equal(one("float", specials), 6);
  assert.equal(one("boolean", [true, false, true, null]), 2);
  assert.equal(one("string", [null, null]), 0);
  assert.equal(one("string", ["apache", "spark", "hadoop", "apache"]), 3);
  assert.equal(one("string", ["Ĉu", "日本語", "🙂", "naïve", "straße", "Ünïcödé wörds with a longer tail, over thirty-two bytes ✓"]), 6);
});

test("empty input and all-null input give 0; nulls are skipped", () => {
  const hll = new HyperLogLogPlusPlus();
  const buf = hll.newBuffer();
  assert.equal(hll.query(buf), 0);
  for (const t of ["string", "integer", "long", "double", "float", "boolean", "date", "timestamp", "binary"]) {
    hll.update(buf, null, t);
    hll.update(buf, undefined, t);
  }
  assert.equal(hll.query(buf), 0);
  assert.ok(buf.every((r) => r === 0));
  const withNulls = hll.newBuffer();
  const without = hll.newBuffer();
  for (let i = 0; i < 1000; i++) {
    hll.update(withNulls, i % 3 === 0 ? null : "user-" + i, "string");
    if (i % 3 !== 0) hll.update(without, "user-" + i, "string");
  }
  assert.deepEqual(withNulls, without);
});

test("merge: two halves merged equal the whole (registers and estimate)", () => {
  for (const rsd of [0.05, 0.01, 0.3]) {
    const hll = new HyperLogLogPlusPlus(rsd);
    const whole = hll.newBuffer(), a = hll.newBuffer(), b = hll.newBuffer();
    for (let i = 0; i < 100000; i++) {
      hll.updateString(whole, "user-" + i);
      hll.updateString(i % 2 === 0 ? a : b, "user-" + i);
    }
    const merged = hll.newBuffer();
    hll.merge(merged, a);
    hll.merge(merged, b);
    assert.deepEqual(merged, whole);
    assert.equal(hll.query(merged), SERIES.string[String(rsd)][100000]);
    // merging is idempotent and order-free
    hll.merge(b, a);
    assert.deepEqual(b, whole);
  }
});

test("parameters: p, m, Spark's require message below 4 bits", () => {
  const cases: Array<[number, number]> = [[0.05, 9], [0.01, 14], [0.1, 7], [0.3, 4], [0.39, 4], [0.005, 16]];
  for (const [rsd, p] of cases) {
    const h = new HyperLogLogPlusPlus(rsd);
    assert.equal(h.p, p, `rsd ${rsd}`);
    assert.equal(h.m, 1 << p);
    assert.equal(h.newBuffer().length, 1 << p);
  }
  assert.equal(new HyperLogLogPlusPlus().numWords, 52);
  assert.throws(() => new HyperLogLogPlusPlus(0.5), (e: unknown) => e instanceof IllegalArgumentException && e.message === SPARK_RSD_05_ERROR);
  assert.throws(() => new HyperLogLogPlusPlus(0.4), IllegalArgumentException);
});

test("toJSON / fromJSON round-trip the registers in one character each", () => {
  for (const rsd of [0.05, 0.3, 0.01]) {
    const hll = new HyperLogLogPlusPlus(rsd);
    const buf = hll.newBuffer();
    for (let i = 0; i < 5000; i++) hll.updateInt(buf, i);
    buf[0] = 61; // the largest rank Spark can store for p = 4 .. 61
    const s = hll.toJSON(buf);
    assert.equal(typeof s, "string");
    assert.equal(s.length, hll.m);
    assert.match(s, /^[A-Za-z0-9_-]+$/);
    const back = hll.fromJSON(s);
    assert.deepEqual(back, buf);
    assert.equal(hll.query(back), hll.query(buf));
    assert.equal(JSON.parse(JSON.stringify({ s })).s, s);
  }
  const hll = new HyperLogLogPlusPlus();
  assert.throws(() => hll.fromJSON("AAAA"), IllegalArgumentException);
  assert.throws(() => hll.fromJSON("*".repeat(512)), IllegalArgumentException);
  assert.equal(hll.toJSON(hll.newBuffer()), "A".repeat(512));
  // JSON.stringify on the aggregate itself does not crash
  assert.deepEqual(JSON.parse(JSON.stringify({ agg: hll })), { agg: { relativeSD: 0.05, p: 9 } });
});

test("the string memo gives the same registers as hashing every time, hit or miss", () => {
  const memo = new HyperLogLogPlusPlus(0.05, { memoLimit: 64 });
  const plain = new HyperLogLogPlusPlus(0.05, { memoLimit: 0 });
  const a = memo.newBuffer(), b = plain.newBuffer();
  // repeated names (memo hits), then many distinct (memo fills, clears, pauses), then repeats again
  for (let r = 0; r < 50; r++) for (const n of HARRY_POTTER_CHARACTERS.slice(0, 40)) memo.updateString(a, n), plain.updateString(b, n);
  for (let i = 0; i < 20000; i++) memo.updateString(a, "user-" + i), plain.updateString(b, "user-" + i);
  for (let r = 0; r < 50; r++) for (const n of HARRY_POTTER_CHARACTERS) memo.updateString(a, n), plain.updateString(b, n);
  assert.deepEqual(a, b);
});

test("longs: numbers and BigInts agree; timestamps hash as longs, dates as ints", () => {
  const hll = new HyperLogLogPlusPlus(0.01);
  const a = hll.newBuffer(), b = hll.newBuffer();
  for (let i = -500; i < 500; i++) {
    const v = i * 2 ** 40 + i;
    hll.updateLong(a, v);
    hll.updateLong(b, BigInt(v));
  }
  assert.deepEqual(a, b);
  const t = hll.newBuffer(), l = hll.newBuffer();
  hll.update(t, 1_700_000_000_000_000, "timestamp");
  hll.update(l, 1_700_000_000_000_000, "long");
  assert.deepEqual(t, l);
  const d = hll.newBuffer(), n = hll.newBuffer();
  hll.update(d, 19723, "date");
  hll.updateInt(n, 19723);
  assert.deepEqual(d, n);
  assert.throws(() => hll.update(d, [1], "array"), IllegalArgumentException);
});
