/** Realistic Bangladesh Railway catalog: stations, trains with stop patterns, coach compositions. */

export const stations: Array<{ code: string; name: string }> = [
  { code: 'DHK', name: 'Dhaka Kamalapur' },
  { code: 'DAP', name: 'Dhaka Biman Bandar (Airport)' },
  { code: 'JYD', name: 'Joydebpur' },
  { code: 'NRS', name: 'Narsingdi' },
  { code: 'BBT', name: 'Bhairab Bazar' },
  { code: 'BMB', name: 'Brahmanbaria' },
  { code: 'AKH', name: 'Akhaura' },
  { code: 'CML', name: 'Cumilla' },
  { code: 'LKM', name: 'Laksam' },
  { code: 'FEN', name: 'Feni' },
  { code: 'CTG', name: 'Chattogram' },
  { code: 'DHZ', name: 'Dohazari' },
  { code: 'CXB', name: "Cox's Bazar" },
  { code: 'SMG', name: 'Srimangal' },
  { code: 'KLR', name: 'Kulaura' },
  { code: 'SYL', name: 'Sylhet' },
  { code: 'TGL', name: 'Tangail' },
  { code: 'SRJ', name: 'Shahid M. Monsur Ali (Sirajganj)' },
  { code: 'ULP', name: 'Ullapara' },
  { code: 'ISD', name: 'Ishwardi Bypass' },
  { code: 'ABP', name: 'Abdulpur' },
  { code: 'RJS', name: 'Rajshahi' },
];

/** [station, minutes after origin departure (arrival), minutes (departure), km from origin] */
type StopRow = [string, number | null, number | null, number];

export interface TrainSeed {
  number: string;
  name: string;
  departsLocal: string;
  stops: StopRow[];
  composition: Array<[code: string, kind: CoachKind]>;
}

export type CoachKind = 'AC_B' | 'SNIGDHA' | 'S_CHAIR' | 'SHOVAN';

export const coachKinds: Record<
  CoachKind,
  { rows: number; cols: number; aisleAfter: number[]; berth: boolean }
> = {
  // Berth coach: each row is a cabin bay, lower/upper berths on both sides of the corridor.
  AC_B: { rows: 8, cols: 4, aisleAfter: [2], berth: true },
  // AC chair and shovan chair: 2+2.
  SNIGDHA: { rows: 13, cols: 4, aisleAfter: [2], berth: false },
  S_CHAIR: { rows: 15, cols: 4, aisleAfter: [2], berth: false },
  // Shovan: 2+3 benches.
  SHOVAN: { rows: 16, cols: 5, aisleAfter: [2], berth: false },
};

/** Fares: base + per km, in paisa (1 BDT = 100 paisa). */
export const fares: Array<{ class: CoachKind; base_minor: number; per_km_minor: number }> = [
  { class: 'AC_B', base_minor: 5000, per_km_minor: 420 },
  { class: 'SNIGDHA', base_minor: 3000, per_km_minor: 250 },
  { class: 'S_CHAIR', base_minor: 2000, per_km_minor: 105 },
  { class: 'SHOVAN', base_minor: 2000, per_km_minor: 85 },
];

const standard: TrainSeed['composition'] = [
  ['KA', 'AC_B'],
  ['KHA', 'SNIGDHA'],
  ['GA', 'SNIGDHA'],
  ['GHA', 'S_CHAIR'],
  ['CHA', 'S_CHAIR'],
  ['CHHA', 'S_CHAIR'],
  ['JA', 'S_CHAIR'],
  ['JHA', 'SHOVAN'],
  ['TA', 'SHOVAN'],
];

export const trains: TrainSeed[] = [
  {
    number: '703',
    name: 'Mahanagar Godhuli',
    departsLocal: '07:45',
    stops: [
      ['DHK', null, 0, 0],
      ['DAP', 22, 25, 19],
      ['NRS', 70, 72, 58],
      ['BBT', 115, 118, 80],
      ['BMB', 150, 153, 111],
      ['AKH', 170, 173, 121],
      ['CML', 230, 233, 171],
      ['LKM', 255, 257, 195],
      ['FEN', 290, 293, 227],
      ['CTG', 390, null, 321],
    ],
    composition: standard,
  },
  {
    number: '709',
    name: 'Parabat Express',
    departsLocal: '06:20',
    stops: [
      ['DHK', null, 0, 0],
      ['DAP', 22, 25, 19],
      ['NRS', 68, 70, 58],
      ['BBT', 110, 113, 80],
      ['BMB', 145, 148, 111],
      ['AKH', 165, 168, 121],
      ['SMG', 265, 268, 245],
      ['KLR', 300, 303, 273],
      ['SYL', 400, null, 319],
    ],
    composition: standard,
  },
  {
    number: '753',
    name: 'Silkcity Express',
    departsLocal: '14:45',
    stops: [
      ['DHK', null, 0, 0],
      ['DAP', 22, 25, 19],
      ['JYD', 55, 58, 38],
      ['TGL', 130, 133, 99],
      ['SRJ', 170, 173, 140],
      ['ULP', 200, 202, 162],
      ['ISD', 245, 248, 210],
      ['ABP', 280, 283, 239],
      ['RJS', 335, null, 267],
    ],
    composition: standard,
  },
  {
    number: '814',
    name: "Cox's Bazar Express",
    departsLocal: '22:30',
    stops: [
      ['DHK', null, 0, 0],
      ['DAP', 22, 25, 19],
      ['BBT', 105, 108, 80],
      ['AKH', 150, 153, 121],
      ['CML', 205, 208, 171],
      ['FEN', 260, 263, 227],
      ['CTG', 350, 365, 321],
      ['DHZ', 420, 422, 361],
      ['CXB', 520, null, 422],
    ],
    composition: standard,
  },
];

export const DAYS_AHEAD = 7;

/**
 * The demo Eid special (one trip, a few days ahead), sold in a queued sale that opens a few minutes
 * after `db:setup` (`DEMO_SALE_OPENS_IN_MINUTES`), so a newcomer can watch the waiting room work.
 */
export const eidSpecial: TrainSeed & { daysAhead: number } = {
  number: 'EID-1',
  name: 'Eid Special (Chattogram)',
  departsLocal: '08:30',
  daysAhead: 3,
  stops: [
    ['DHK', null, 0, 0],
    ['DAP', 22, 25, 19],
    ['BBT', 105, 108, 80],
    ['CML', 200, 203, 171],
    ['FEN', 255, 258, 227],
    ['CTG', 345, null, 321],
  ],
  composition: [
    ['KA', 'SNIGDHA'],
    ['KHA', 'S_CHAIR'],
    ['GA', 'S_CHAIR'],
    ['GHA', 'SHOVAN'],
  ],
};

export const EID_SALE_ID = 'eid-special-demo';
