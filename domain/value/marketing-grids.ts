import { z } from 'zod';

/**
 * 点亮侯马: a branch's marketing grids (网格) as GeoJSON polygons, shipped with the app and drawn offline (no map
 * tiles). Each grid names the places (villages, markets) whose customers, households and merchants it holds.
 * The demo branches' grids are generated (`npx tsx scripts/generate-demo-grids.ts`, docs/marketing-grids.md).
 */
const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const gridFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    branch: z.string().regex(/^[A-Z0-9]{2,16}$/),
    code: z.string().regex(/^[A-Z0-9-]{1,16}$/),
    name: z.string().min(1).max(40),
    places: z.array(z.string().min(1).max(40)).min(1).max(50),
  }),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(lngLat).min(4)).min(1) }),
});
export const gridCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(gridFeatureSchema) });
export type GridFeature = z.infer<typeof gridFeatureSchema>;
export type GridCollection = z.infer<typeof gridCollectionSchema>;

export interface DemoGridSpec {
  branch: string;
  /** South-west corner of the branch's area and one cell's size, degrees. */
  origin: [number, number];
  cell: [number, number];
  columns: number;
  grids: { code: string; name: string; places: string[] }[];
}

/** HM01 侯马支行 and HM02 新田支行: the demo seed's villages and markets (main/demo/seed.ts). */
export const DEMO_GRID_SPECS: DemoGridSpec[] = [
  {
    branch: 'HM01', origin: [111.3, 35.58], cell: [0.045, 0.032], columns: 4,
    grids: [
      { code: 'G01', name: '东阳·西台神网格', places: ['东阳村', '西台神村'] },
      { code: 'G02', name: '北西庄·南王网格', places: ['北西庄村', '南王村'] },
      { code: 'G03', name: '上马·张村网格', places: ['上马村', '张村'] },
      { code: 'G04', name: '高村·新田网格', places: ['高村', '新田村'] },
      { code: 'G05', name: '凤城·乔村网格', places: ['凤城村', '乔村'] },
      { code: 'G06', name: '虒祁·牛村网格', places: ['虒祁村', '牛村'] },
      { code: 'G07', name: '农副蔬菜市场网格', places: ['侯马晋南农副产品批发市场', '侯马蔬菜批发市场'] },
      { code: 'G08', name: '建材小商品市场网格', places: ['侯马建材市场', '侯马小商品批发市场'] },
    ],
  },
  {
    // 新田支行 serves the same villages and markets (five of its customers are HM01's too), cut into fewer, larger
    // grids east of HM01's: its own customer managers, its own map.
    branch: 'HM02', origin: [111.5, 35.6], cell: [0.06, 0.04], columns: 3,
    grids: [
      { code: 'G01', name: '新田·高村网格', places: ['新田村', '高村'] },
      { code: 'G02', name: '凤城·乔村网格', places: ['凤城村', '乔村'] },
      { code: 'G03', name: '虒祁·牛村网格', places: ['虒祁村', '牛村'] },
      { code: 'G04', name: '东阳·西台神网格', places: ['东阳村', '西台神村'] },
      { code: 'G05', name: '北西庄·南王·上马·张村网格', places: ['北西庄村', '南王村', '上马村', '张村'] },
      { code: 'G06', name: '侯马市场网格', places: ['侯马晋南农副产品批发市场', '侯马蔬菜批发市场', '侯马建材市场', '侯马小商品批发市场'] },
    ],
  },
];

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * The demo grids as GeoJSON: cells of a `columns`-wide lattice, each corner nudged by a fixed amount so the map
 * does not look like graph paper while neighbours still share their edges.
 */
export function demoGridCollection(specs: readonly DemoGridSpec[] = DEMO_GRID_SPECS): GridCollection {
  const features: GridFeature[] = [];
  for (const s of specs) {
    const rows = Math.ceil(s.grids.length / s.columns);
    const corner = (col: number, row: number): [number, number] => {
      const wobble = ((col * 7 + row * 13) % 5) / 5 - 0.4;
      const inner = col > 0 && col < s.columns && row > 0 && row < rows;
      return [round5(s.origin[0] + col * s.cell[0] + (inner ? wobble * s.cell[0] * 0.15 : 0)), round5(s.origin[1] + row * s.cell[1] + (inner ? wobble * s.cell[1] * 0.1 : 0))];
    };
    s.grids.forEach((g, i) => {
      const col = i % s.columns;
      const row = Math.floor(i / s.columns);
      const ring = [corner(col, row), corner(col + 1, row), corner(col + 1, row + 1), corner(col, row + 1), corner(col, row)];
      features.push({ type: 'Feature', properties: { branch: s.branch, code: g.code, name: g.name, places: g.places }, geometry: { type: 'Polygon', coordinates: [ring] } });
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The grid whose places the text (a village, a market, an address) names; the longest place wins (高村 vs 高村乡),
 * and of two as long the one named later, since an address runs from town to village (高村乡张村 is in 张村).
 */
export function gridOfPlace(grids: readonly GridFeature[], text: string): GridFeature | null {
  let best: GridFeature | null = null;
  let bestLen = 0;
  let bestAt = -1;
  for (const g of grids) {
    for (const p of g.properties.places) {
      const at = p.length >= bestLen ? text.lastIndexOf(p) : -1;
      if (at >= 0 && (p.length > bestLen || at > bestAt)) {
        best = g;
        bestLen = p.length;
        bestAt = at;
      }
    }
  }
  return best;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const boxes = new WeakMap<GridFeature, [number, number, number, number]>();
function boxOf(g: GridFeature): [number, number, number, number] {
  let box = boxes.get(g);
  if (!box) {
    const ring = g.geometry.coordinates[0]!;
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    boxes.set(g, box);
  }
  return box;
}

/**
 * Where a customer, household or merchant is drawn: the bank's files hold no coordinates, so a point is placed
 * inside its grid at a position that depends only on its id (the same on every screen and every day), kept off
 * the grid's edges (the nudged corners move edges by at most 15% of a cell).
 */
export function pointIn(g: GridFeature, id: string): [number, number] {
  const [x0, y0, x1, y1] = boxOf(g);
  const h = fnv1a(id);
  const fx = 0.2 + 0.6 * ((h & 0xffff) / 0xffff);
  const fy = 0.2 + 0.6 * ((h >>> 16) / 0xffff);
  return [round5(x0 + (x1 - x0) * fx), round5(y0 + (y1 - y0) * fy)];
}
