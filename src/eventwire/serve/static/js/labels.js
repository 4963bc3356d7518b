/* Display data kept apart from code: colours, evidence kinds, tie wording. */

export const COLORS = {
  attack: "#d9480f", bombing: "#c92a2a", suicide_attack: "#a61e4d", kidnapping: "#7048e8",
  arson: "#e67700", armed_clash: "#1864ab", assassination: "#862e9c", protest: "#2b8a3e",
  arrest: "#495057", statement: "#0b7285", condemnation: "#5f3dc4", claim: "#364fc7",
};
export const DEFAULT_COLOR = "#d9480f";

export const LABELS = {            // evidence kinds, in legend order
  trigger: "event trigger", perpetrator: "perpetrator", target: "target", victim: "victim",
  weapon: "weapon", place: "place", date: "date", killed: "killed", injured: "injured",
  claimant: "claimed by", speaker: "speaker", cue: "quote cue", quote: "quote",
  person: "person", organization: "organization", location: "location", other: "other entity",
};

export const PRIORITY = ["killed", "injured", "perpetrator", "claimant", "victim", "target", "weapon", "date",
  "place", "trigger", "speaker", "cue", "person", "organization", "location", "other", "quote"];

/* A tie "HEAD type TAIL" read from each end: `out` on the head's page, `in` on the tail's. */
export const TIES = {
  leader_of:       { out: "leader of",       in: "led by" },
  member_of:       { out: "member of",       in: "has member" },
  spokesperson_of: { out: "spokesperson of", in: "has spokesperson" },
  child_of:        { out: "child of",        in: "parent of" },
  parent_of:       { out: "parent of",       in: "child of" },
  ally_of:         { out: "ally of",         in: "ally of" },
};

/* ACLED's actor types (inter codes), as /api/config lists them. */
export const INTER = {
  1: "state forces", 2: "rebel group", 3: "political militia", 4: "identity militia", 5: "rioters",
  6: "protesters", 7: "civilians", 8: "external/other forces",
};

/* Place precision → how the map draws it. */
export const PLACE_KINDS = {
  city:    { label: "town or city", shape: "circle" },
  admin1:  { label: "province (no town given)", shape: "square" },
  country: { label: "country only", shape: "ring" },
};

export const DATE_PRECISION = { day: "day", month: "month only", year: "year only" };
