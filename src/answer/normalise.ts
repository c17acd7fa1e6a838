// Turns what a person typed into the form the search and the intent patterns compare: the same function
// prepares the FAQ for the index and the question at query time, so both sides always agree.

/** Contractions, with and without the apostrophe people often leave out. Applied word by word. */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  "can't": 'can not',
  cant: 'can not',
  cannot: 'can not',
  "won't": 'will not',
  wont: 'will not',
  "shan't": 'shall not',
  "i'm": 'i am',
  im: 'i am',
  "i've": 'i have',
  ive: 'i have',
  "i'll": 'i will',
  "i'd": 'i would',
  "it's": 'it is',
  "that's": 'that is',
  thats: 'that is',
  "what's": 'what is',
  whats: 'what is',
  "where's": 'where is',
  wheres: 'where is',
  "when's": 'when is',
  whens: 'when is',
  "who's": 'who is',
  whos: 'who is',
  "how's": 'how is',
  "there's": 'there is',
  theres: 'there is',
  "he's": 'he is',
  "she's": 'she is',
  shes: 'she is',
  "they're": 'they are',
  theyre: 'they are',
  "you're": 'you are',
  youre: 'you are',
  "we're": 'we are',
  "let's": 'let us',
  "y'all": 'you all',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  ty: 'thank you',
  u: 'you',
  ur: 'your',
  r: 'are',
  abt: 'about',
  b4: 'before',
};

/** Negations written without the apostrophe ("dont", "isnt"): the apostrophe form is handled by rule. */
const BARE_NEGATIONS = new Set([
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'wouldnt',
  'shouldnt',
  'couldnt',
  'mustnt',
  'neednt',
]);

/**
 * Misspellings common enough to be worth fixing before anything else looks at the words: the intent
 * patterns match whole words, so "harrased" must read "harassed" for a disclosure not to be missed.
 * The fuzzy search copes with other typos on its own.
 */
export const COMMON_MISSPELLINGS: Readonly<Record<string, string>> = {
  harrassment: 'harassment',
  harassement: 'harassment',
  harasment: 'harassment',
  harrasment: 'harassment',
  harrassement: 'harassment',
  harrass: 'harass',
  haras: 'harass',
  harrased: 'harassed',
  harased: 'harassed',
  harrassed: 'harassed',
  harrassing: 'harassing',
  harasing: 'harassing',
  harrasing: 'harassing',
  sexaul: 'sexual',
  sexualy: 'sexually',
  sexualiy: 'sexually',
  assualt: 'assault',
  assualted: 'assaulted',
  asaulted: 'assaulted',
  asault: 'assault',
  groppd: 'groped',
  discriminted: 'discriminated',
  descriminated: 'discriminated',
  discrimanated: 'discriminated',
  stalkd: 'stalked',
  sabatical: 'sabbatical',
  sabbatacal: 'sabbatical',
  sabbitical: 'sabbatical',
  sabattical: 'sabbatical',
  trainning: 'training',
  traning: 'training',
  trainig: 'training',
  tranining: 'training',
  trianing: 'training',
  deadine: 'deadline',
  dealine: 'deadline',
  deadlne: 'deadline',
  certficate: 'certificate',
  certifcate: 'certificate',
  recieve: 'receive',
  recieved: 'received',
  completd: 'completed',
  compelted: 'completed',
  complted: 'completed',
  requred: 'required',
  requried: 'required',
  mandatroy: 'mandatory',
  modul: 'module',
  moduels: 'modules',
  apointment: 'appointment',
  appointmnet: 'appointment',
  graduationg: 'graduating',
  gradauting: 'graduating',
  demographc: 'demographic',
  responsable: 'responsible',
  employe: 'employee',
  emplyee: 'employee',
  onbording: 'onboarding',
  onboardng: 'onboarding',
  schedual: 'schedule',
  shedule: 'schedule',
  supervsior: 'supervisor',
  unpayed: 'unpaid',
  tecnical: 'technical',
  techincal: 'technical',
  acess: 'access',
  dedline: 'deadline',
  deadlien: 'deadline',
  wen: 'when',
  teh: 'the',
  acces: 'access',
};

const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const COMBINING_MARKS = /\p{M}+/gu;
/** Anything that is not a letter, digit or apostrophe separates words. */
const SEPARATORS = /[^\p{L}\p{N}']+/gu;

/**
 * Lower case, no diacritics, contractions expanded, punctuation removed, common misspellings fixed,
 * words separated by single spaces. Idempotent: normalise(normalise(x)) === normalise(x).
 */
export function normalise(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(APOSTROPHES, "'")
    .toLowerCase()
    .split(SEPARATORS);
  const out: string[] = [];
  for (const raw of words) {
    const word = raw.replace(/^'+|'+$/g, '');
    if (word === '') continue;
    out.push(expandWord(word));
  }
  return out.join(' ');
}

function expandWord(word: string): string {
  // Own keys only: "constructor" is a word people type, and every object has one.
  const contraction = Object.hasOwn(CONTRACTIONS, word) ? CONTRACTIONS[word] : undefined;
  if (contraction !== undefined) return contraction;
  if (word.endsWith("n't")) return `${word.slice(0, -3)} not`;
  if (BARE_NEGATIONS.has(word)) return `${word.slice(0, -2)} not`;
  if (word.endsWith("'ve")) return `${word.slice(0, -3)} have`;
  if (word.endsWith("'re")) return `${word.slice(0, -3)} are`;
  if (word.endsWith("'ll")) return `${word.slice(0, -3)} will`;
  if (word.endsWith("'d")) return `${word.slice(0, -2)} would`;
  // A possessive or a remaining "'s" adds nothing the search can use.
  if (word.endsWith("'s")) return fixSpelling(word.slice(0, -2));
  return fixSpelling(word.replace(/'/g, ''));
}

function fixSpelling(word: string): string {
  return (Object.hasOwn(COMMON_MISSPELLINGS, word) ? COMMON_MISSPELLINGS[word] : undefined) ?? word;
}

/** The words of a normalised text. */
export function words(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}
