import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoGridCollection, gridCollectionSchema, gridOfPlace, pointIn } from './marketing-grids';
import { taskBoard, type MarketingTaskDoc } from './marketing-task';

const shipped = JSON.parse(readFileSync(join(import.meta.dirname, 'grids/demo-grids.geo.json'), 'utf8')) as unknown;

describe('demo grids', () => {
  it('ship as the generator writes them (npx tsx scripts/generate-demo-grids.ts), valid GeoJSON polygons, closed rings', () => {
    expect(gridCollectionSchema.parse(shipped)).toEqual(demoGridCollection());
    for (const f of demoGridCollection().features) expect(f.geometry.coordinates[0]!.at(-1)).toEqual(f.geometry.coordinates[0]![0]);
  });

  it('hold every village and market of the demo seed, for each demo branch; the longest place name wins', () => {
    const all = demoGridCollection().features;
    for (const branch of ['HM01', 'HM02']) {
      const features = all.filter((g) => g.properties.branch === branch);
      expect(new Set(features.map((g) => g.properties.code)).size).toBe(features.length);
      for (const v of ['东阳村', '西台神村', '北西庄村', '南王村', '上马村', '张村', '高村', '新田村', '凤城村', '乔村', '虒祁村', '牛村', '侯马建材市场', '侯马晋南农副产品批发市场', '侯马蔬菜批发市场', '侯马小商品批发市场']) {
        expect(gridOfPlace(features, v)?.properties.branch).toBe(branch);
      }
    }
    const features = all.filter((g) => g.properties.branch === 'HM01');
    expect(gridOfPlace(features, '山西省侯马市高村乡张村12号')?.properties.code).toBe('G03');
    expect(gridOfPlace(all.filter((g) => g.properties.branch === 'HM02'), '山西省侯马市高村乡张村12号')?.properties.code).toBe('G05');
    expect(gridOfPlace(features, '山西省太原市')).toBeNull();
  });

  it('places a point inside its grid, always at the same spot', () => {
    const g = demoGridCollection().features[5]!;
    const ring = g.geometry.coordinates[0]!;
    for (const id of ['customer:01J0000000000000000000000A', 'household:0123456789abcdef0123456789abcdef']) {
      const [x, y] = pointIn(g, id);
      expect(x).toBeGreaterThan(Math.min(...ring.map((p) => p[0])));
      expect(x).toBeLessThan(Math.max(...ring.map((p) => p[0])));
      expect(y).toBeGreaterThan(Math.min(...ring.map((p) => p[1])));
      expect(pointIn(g, id)).toEqual([x, y]);
    }
  });
});

describe('taskBoard', () => {
  const task = (over: Partial<MarketingTaskDoc>): MarketingTaskDoc => ({
    _id: 'marketing-task:01J00000000000000000000000', type: 'marketing-task', branch: 'HM01', grid: 'G01', kind: 'visit', product: null,
    target: { kind: 'household', id: 'household:0123456789abcdef0123456789abcdef', name: '王户' }, assignee: 'M001', assigneeName: '李建国',
    assignedBy: 'H001', assignedAt: '2026-12-01T02:00:00.000Z', due: '2026-12-04', note: '', status: 'open', outcome: null, outcomeNote: '',
    workedAt: null, workedBy: null, ...over,
  });
  it('counts tasks, done, interested and overdue per grid and manager as of a day (work after it not yet)', () => {
    const tasks = [
      task({}), task({ status: 'done', outcome: 'interested', workedAt: '2026-12-03T08:00:00.000Z', workedBy: 'M001' }),
      task({ status: 'done', outcome: 'declined', workedAt: '2026-12-06T08:00:00.000Z', workedBy: 'M001' }), task({ grid: 'G02', assignee: 'M002', assigneeName: '张丽' }),
      task({ assignedAt: '2026-12-09T01:00:00.000Z' }),
    ];
    const b = taskBoard(tasks, '2026-12-05');
    expect(b.lines.map((l) => [l.grid, l.assignee, l.tasks, l.done, l.doneBp, l.interested, l.overdue])).toEqual([['G01', 'M001', 3, 1, 3333, 1, 2], ['G02', 'M002', 1, 0, 0, 0, 1]]);
    expect(b.total).toMatchObject({ tasks: 4, done: 1, doneBp: 2500, interested: 1 });
    expect(taskBoard(tasks, '2026-12-06').total).toMatchObject({ done: 2, outcomes: { interested: 1, declined: 1, visited: 0, 'not-home': 0 } });
  });
});
