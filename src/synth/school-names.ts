import type { SchoolKind } from "./network-layout.ts";
import { hashText, type Random } from "./random.ts";

const NAMES = [
  "Cesar Chavez",
  "Dolores Huerta",
  "Rosa Parks",
  "John Muir",
  "Jackie Robinson",
  "Sally Ride",
  "Thurgood Marshall",
  "Amelia Earhart",
  "Ernesto Galarza",
  "Fred Korematsu",
  "Maya Angelou",
  "Luther Burbank",
  "Ellen Ochoa",
  "Frida Kahlo",
  "George Washington Carver",
  "Harvey Milk",
  "Ruben Salazar",
  "Mary McLeod Bethune",
  "Benjamin Franklin",
  "Abraham Lincoln",
  "Ida B. Wells",
  "Sequoia",
  "Redwood",
  "Manzanita",
  "Oak Grove",
  "Willow Creek",
  "Bayview",
  "Lakeside",
  "Hillcrest",
  "Sunnyside",
  "Westwood",
  "Eastgate",
  "Northridge",
  "Southgate",
  "Riverside",
  "Mission",
  "Vista del Sol",
  "Canyon",
  "Madrone",
  "Juniper",
  "Sycamore",
  "Poppy",
  "Golden Hills",
  "Harbor",
  "Meadowbrook",
  "Parkside",
  "El Camino",
  "La Paloma",
  "Los Olivos",
  "San Miguel",
  "Santa Rita",
  "Alta Loma",
  "Monte Vista",
  "Buena Vista",
  "Pioneer",
  "Frontier",
  "Sierra",
  "Cascade",
  "Orchard",
  "Citrus",
  "Almond Grove",
  "Vineyard",
  "Fairview",
  "Highland",
  "Valley View",
  "Crestview",
  "Ocean View",
  "O'Neill",
  "Kennedy",
  "Roosevelt",
  "Jefferson",
  "Edison",
  "Garfield",
  "Hoover",
  "Wilson",
  "Carver",
  "Einstein",
  "Curie",
  "Kahlo",
  "Yosemite",
  "Shasta",
  "Tahoe",
  "Mojave",
  "Del Mar",
];

const PLACES = ["North", "South", "East", "West", "Central", "Downtown", "Riverside", "Hillside"];

function suffix(kind: SchoolKind, low: number, high: number): string {
  switch (kind) {
    case "elementary":
      return "Elementary";
    case "k8":
      return "K-8 School";
    case "middle":
      return "Middle";
    case "span612":
      return "Secondary Academy";
    case "high":
      return "High";
    case "continuation":
      return "Continuation High";
    case "charter":
      if (high <= 5) return "Charter Academy";
      if (low >= 9) return "Charter High";
      if (low >= 6) return "Charter Middle";
      return "Charter School";
  }
}

/**
 * `name` if no other school of the network has it yet, else another name of the same kind,
 * chosen without drawing from any random stream (so the rest of the network is the same for a
 * seed): the names list from a point set by the school code, then the same with a campus, then
 * numbered. Adds the result to `network`.
 */
export function uniqueInNetwork(
  name: string,
  kind: SchoolKind,
  low: number,
  high: number,
  code: string,
  network: Set<string>,
): string {
  const take = (candidate: string) => {
    network.add(candidate);
    return candidate;
  };
  if (!network.has(name)) return take(name);
  const end = suffix(kind, low, high);
  const start = hashText(code) % NAMES.length;
  const bases = NAMES.map((_, i) => `${NAMES[(start + i) % NAMES.length]} ${end}`);
  for (const base of bases) if (!network.has(base)) return take(base);
  for (const place of PLACES)
    for (const base of bases) {
      const candidate = `${base}, ${place} Campus`;
      if (!network.has(candidate)) return take(candidate);
    }
  for (let n = 2; ; n++)
    for (const base of bases) if (!network.has(`${base} No. ${n}`)) return take(`${base} No. ${n}`);
}

/**
 * A school name unique within the district ({@link uniqueInNetwork} makes it unique in the
 * network); a few have a comma (e.g. "Rosa Parks Elementary,
 * North Campus") so that CSV quoting is exercised.
 */
export function schoolName(
  kind: SchoolKind,
  low: number,
  high: number,
  rng: Random,
  used: Set<string>,
): string {
  for (let attempt = 0; ; attempt++) {
    const base = `${NAMES[rng.int(NAMES.length)]} ${suffix(kind, low, high)}`;
    let name = base;
    // The district's first school always has a comma, so every network exercises CSV quoting.
    if (used.size === 0 || attempt > 3 || rng.bernoulli(0.04))
      name = `${base}, ${PLACES[rng.int(PLACES.length)]} Campus`;
    if (attempt > 20) name = `${base} ${attempt}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}
