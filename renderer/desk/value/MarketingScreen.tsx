import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GeoComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CROSS_SELL_PRODUCTS, TARGET_KINDS, TASK_KINDS, TASK_OUTCOMES, type CrossSellProduct, type TaskKind, type TaskOutcome } from '../../../domain/value/marketing-task';
import type { MapPoint, MarketingBoard, MarketingMapView, OfferTasksResult, TaskView } from '../../../main/core/value/marketing.contract';
import { api } from '../../api/client';
import { useApiEvent } from '../../api/use-api-event';
import { errorText } from '../labels';
import type { ScreenProps } from '../nav';
import { ScreenLoading } from '../ScreenLoading';

echarts.use([ScatterChart, GeoComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const STATUSES: MapPoint['status'][] = ['none', 'open', ...TASK_OUTCOMES];
const COLOURS: Record<MapPoint['status'], string> = {
  none: '#9aa5b1', open: '#f0a202', visited: '#2b8a3e', interested: '#d6336c', 'not-home': '#5c7cfa', declined: '#495057',
};

type Board = MarketingBoard;

const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`;

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The grid map: the branch's grids (GeoJSON registered with echarts, no tiles) and one scatter series per task
 * status in echarts' large mode, so 20,000 points draw as one batch each. The time from setOption to echarts'
 * `finished` is left on the element (data-draw-ms) for the benchmark and shown to nobody.
 */
function GridMap({ view, coverage, onGrid }: { view: MarketingMapView; coverage: Board['coverage']; onGrid(code: string): void }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const mapName = `jingwei-grids-${view.grids.features[0]?.properties.branch ?? 'none'}`;
    echarts.registerMap(mapName, view.grids as unknown as Parameters<typeof echarts.registerMap>[1]);
    const chart = echarts.init(el.current);
    const byStatus = new Map<MapPoint['status'], MapPoint[]>(STATUSES.map((s) => [s, []]));
    for (const p of view.points) byStatus.get(p.status)!.push(p);
    const started = performance.now();
    const host = el.current;
    chart.on('finished', () => {
      if (!host.dataset.drawMs) host.dataset.drawMs = (performance.now() - started).toFixed(1);
    });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesIndex?: number; dataIndex: number; name?: string; componentType: string }) => {
          if (p.componentType === 'geo') return p.name ?? '';
          const pt = byStatus.get(STATUSES[p.seriesIndex ?? 0]!)![p.dataIndex];
          return pt ? `${pt.name} · ${t(`marketing.target.${pt.kind}`)} · ${t(`marketing.status.${pt.status}`)}` : '';
        },
      },
      legend: { bottom: 0, data: STATUSES.map((s) => t(`marketing.status.${s}`)) },
      geo: {
        map: mapName, roam: true, nameProperty: 'code', selectedMode: false,
        label: {
          show: true,
          formatter: (p: { name: string }) => {
            const name = view.grids.features.find((f) => f.properties.code === p.name)?.properties.name ?? p.name;
            const c = coverage.grids.find((g) => g.grid === p.name);
            return c ? `${name}\n${t('marketing.coverage.label', { pct: pct(c.coverageBp) })}` : name;
          },
        },
        itemStyle: { areaColor: '#f1f5f9', borderColor: '#64748b' },
      },
      series: STATUSES.map((s) => ({
        // Large mode draws a series as one path; progressive 0: all at once, not 400 points a frame (50 frames for 20,000).
        type: 'scatter', coordinateSystem: 'geo', name: t(`marketing.status.${s}`), large: true, largeThreshold: 500, progressive: 0, symbolSize: 4,
        itemStyle: { color: COLOURS[s] }, data: byStatus.get(s)!.map((p) => p.at),
      })),
    });
    chart.on('click', (p) => {
      if (p.componentType === 'geo' && p.name) onGrid(p.name);
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [view, coverage, onGrid, t]);
  return <div ref={el} className="marketing-map" data-testid="marketing-map" data-points={view.points.length} style={{ width: '100%', height: 480 }} />;
}

/** The branch head (or head office's list) hands a manager the untasked points of one grid. */
function AssignForm({ view, grid, setGrid, onDone }: { view: MarketingMapView; grid: string; setGrid(g: string): void; onDone(msg: string): void }) {
  const { t } = useTranslation();
  const [assignee, setAssignee] = useState(view.assignees[0]?.staffNo ?? '');
  const [kind, setKind] = useState<TaskKind>('visit');
  const [product, setProduct] = useState<CrossSellProduct>('time-deposit');
  const [count, setCount] = useState('10');
  const [due, setDue] = useState(inDays(7));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const free = useMemo(
    () => view.points.filter((p) => p.grid === grid && p.status !== 'open' && (kind !== 'file-merchant' || p.kind === 'merchant')),
    [view, grid, kind],
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 500) return setError(t('marketing.assign.countInvalid'));
    if (free.length === 0) return setError(t('marketing.assign.noneFree'));
    setBusy(true);
    try {
      const res = await api.call('marketing.assign', {
        grid, assignee, taskKind: kind, ...(kind === 'cross-sell' ? { product } : {}), targets: free.slice(0, n).map((p) => p.id), dueDate: due, taskNote: note,
      });
      onDone(t('marketing.assign.done', { n: res.created, name: view.assignees.find((a) => a.staffNo === assignee)?.name ?? assignee }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="marketing-assign-title" data-testid="marketing-assign">
      <h3 id="marketing-assign-title">{t('marketing.assign.title')}</h3>
      <label className="field">
        <span>{t('field.grid')}</span>
        <select data-testid="assign-grid" value={grid} onChange={(e) => setGrid(e.target.value)}>
          {view.grids.features.map((f) => <option key={f.properties.code} value={f.properties.code}>{f.properties.code} {f.properties.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('field.assignee')}</span>
        <select data-testid="assign-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          {view.assignees.map((a) => <option key={a.staffNo} value={a.staffNo}>{a.staffNo} {a.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('field.taskKind')}</span>
        <select data-testid="assign-kind" value={kind} onChange={(e) => setKind(e.target.value as TaskKind)}>
          {TASK_KINDS.map((k) => <option key={k} value={k}>{t(`marketing.kind.${k}`)}</option>)}
        </select>
      </label>
      {kind === 'cross-sell' && (
        <label className="field">
          <span>{t('field.product')}</span>
          <select data-testid="assign-product" value={product} onChange={(e) => setProduct(e.target.value as CrossSellProduct)}>
            {CROSS_SELL_PRODUCTS.map((p) => <option key={p} value={p}>{t(`marketing.product.${p}`)}</option>)}
          </select>
        </label>
      )}
      <label className="field">
        <span>{t('marketing.assign.count', { free: free.length })}</span>
        <input data-testid="assign-count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('field.dueDate')}</span>
        <input data-testid="assign-due" value={due} placeholder="YYYY-MM-DD" pattern="\d{4}-\d{2}-\d{2}" onChange={(e) => setDue(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('field.taskNote')}</span>
        <input data-testid="assign-note" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && <p className="form-error" role="alert" data-testid="assign-error">{error}</p>}
      <button type="submit" disabled={busy} data-testid="assign-submit">{t('marketing.assign.submit')}</button>
    </form>
  );
}

/**
 * 精准营销 into the task list: the branch head names a manager per grid (preset to whoever holds most of the grid's
 * tasks), previews, then creates one task per customer with head office's next best offer.
 */
function OfferTasksForm({ view, board, onDone }: { view: MarketingMapView; board: Board; onDone(msg: string): void }) {
  const { t } = useTranslation();
  const [managers, setManagers] = useState<Record<string, string>>(() => {
    const out: Record<string, string> = {};
    for (const l of [...board.lines].sort((a, b) => b.tasks - a.tasks)) out[l.grid] ??= l.assignee;
    return out;
  });
  const [due, setDue] = useState(inDays(14));
  const [preview, setPreview] = useState<OfferTasksResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = () => Object.fromEntries(Object.entries(managers).filter(([, m]) => m));
  async function run(e: FormEvent | null, dry: boolean) {
    e?.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const res = await api.call('marketing.offerTasks', { managers: chosen(), dueDate: due, preview: dry });
      if (dry) setPreview(res);
      else onDone(t('marketing.offerTasks.done', { n: res.created }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" onSubmit={(e) => void run(e, false)} aria-labelledby="offer-tasks-title" data-testid="offer-tasks">
      <h3 id="offer-tasks-title">{t('marketing.offerTasks.title')}</h3>
      <p className="muted">{t('marketing.offerTasks.help')}</p>
      {view.grids.features.map((f) => (
        <label className="field" key={f.properties.code}>
          <span>{f.properties.code} {f.properties.name}</span>
          <select data-testid={`offer-manager-${f.properties.code}`} value={managers[f.properties.code] ?? ''} onChange={(e) => setManagers((m) => ({ ...m, [f.properties.code]: e.target.value }))}>
            <option value="">{t('marketing.offerTasks.noManager')}</option>
            {view.assignees.map((a) => <option key={a.staffNo} value={a.staffNo}>{a.staffNo} {a.name}</option>)}
          </select>
        </label>
      ))}
      <label className="field">
        <span>{t('field.dueDate')}</span>
        <input data-testid="offer-due" value={due} placeholder="YYYY-MM-DD" pattern="\d{4}-\d{2}-\d{2}" onChange={(e) => setDue(e.target.value)} />
      </label>
      {preview && (
        <p role="status" data-testid="offer-preview">
          {t('marketing.offerTasks.summary', {
            n: preview.byGrid.reduce((s, g) => s + g.tasks, 0), open: preview.skipped.openTask, before: preview.skipped.offeredBefore, answered: preview.skipped.answered, none: preview.skipped.noManager,
          })}
        </p>
      )}
      {error && <p className="form-error" role="alert" data-testid="offer-error">{error}</p>}
      <button type="button" disabled={busy} data-testid="offer-preview-button" onClick={() => void run(null, true)}>{t('marketing.offerTasks.preview')}</button>{' '}
      <button type="submit" disabled={busy} data-testid="offer-submit">{t('marketing.offerTasks.submit')}</button>
    </form>
  );
}

/** One open task: the outcome recorded in the field, offline too (the local store syncs it later). */
function TaskRow({ task, onDone }: { task: TaskView; onDone(msg: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<TaskOutcome>('visited');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.call('marketing.work', { id: task.id, rev: task.rev, outcome, outcomeNote: note });
      onDone(t('marketing.work.done', { name: task.target.name, outcome: t(`marketing.status.${outcome}`) }));
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  const what = task.offer ? t('marketing.task.offer', { title: task.offer.title }) : `${t(`marketing.kind.${task.kind}`)}${task.product ? `「${t(`marketing.product.${task.product}`)}」` : ''}`;
  return (
    <li data-testid={`task-${task.target.id}`} data-status={task.status}>
      <span>{task.target.name}（{t(`marketing.target.${task.target.kind}`)}，{task.grid}）{what}，{t('marketing.task.due', { due: task.due })}</span>
      {task.assignedBy === 'HO' && <span className="badge" data-testid="task-by-head-office"> {t('marketing.task.byHeadOffice')}</span>}
      {task.note && <span className="muted"> {task.note}</span>}
      {task.status === 'done' ? (
        <span> — {t(`marketing.status.${task.outcome ?? 'open'}`)}{task.outcomeNote ? `：${task.outcomeNote}` : ''}</span>
      ) : !open ? (
        <button type="button" data-testid="task-record" onClick={() => setOpen(true)}>{t('marketing.work.record')}</button>
      ) : (
        <form onSubmit={(e) => void save(e)} className="inline-form">
          <label className="field">
            <span>{t('field.outcome')}</span>
            <select data-testid="task-outcome" value={outcome} autoFocus onChange={(e) => setOutcome(e.target.value as TaskOutcome)}>
              {TASK_OUTCOMES.map((o) => <option key={o} value={o}>{t(`marketing.status.${o}`)}</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t('field.outcomeNote')}</span>
            <input data-testid="task-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" data-testid="task-save">{t('marketing.work.save')}</button>
          <button type="button" onClick={() => setOpen(false)}>{t('marketing.work.cancel')}</button>
          {error && <p className="form-error" role="alert">{error}</p>}
        </form>
      )}
    </li>
  );
}

function BoardTable({ board }: { board: Board }) {
  const { t } = useTranslation();
  const row = (key: string, grid: string, who: string, l: Board['total']) => (
    <tr key={key} data-testid={`board-${key}`}>
      <td>{grid}</td><td>{who}</td><td>{l.tasks}</td><td>{l.done}</td><td>{pct(l.doneBp)}</td><td>{l.interested}</td><td>{l.overdue}</td>
    </tr>
  );
  return (
    <table className="grid results" data-testid="marketing-board">
      <caption>{t('marketing.board.title', { date: board.date })}</caption>
      <thead>
        <tr>{['grid', 'manager', 'tasks', 'done', 'donePct', 'interested', 'overdue'].map((c) => <th key={c} scope="col">{t(`marketing.board.col.${c}`)}</th>)}</tr>
      </thead>
      <tbody>
        {board.lines.map((l) => row(`${l.grid}-${l.assignee}`, l.grid, `${l.assigneeName}（${l.assignee}）`, l))}
        {row('total', t('marketing.board.total'), '', board.total)}
      </tbody>
    </table>
  );
}

/** Each grid's customers, households and merchants, how many a task reached, and the share (覆盖率). */
function CoverageTable({ view, board }: { view: MarketingMapView; board: Board }) {
  const { t } = useTranslation();
  const nameOf = (code: string) => view.grids.features.find((f) => f.properties.code === code)?.properties.name ?? code;
  const cells = (l: Board['coverage']['total']) =>
    TARGET_KINDS.map((k) => <td key={k}>{l.reached[k]} / {l.inGrid[k]}</td>);
  return (
    <table className="grid results" data-testid="marketing-coverage">
      <caption>{t('marketing.coverage.title', { date: board.date })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('marketing.board.col.grid')}</th>
          {TARGET_KINDS.map((k) => <th key={k} scope="col">{t('marketing.coverage.col', { kind: t(`marketing.target.${k}`) })}</th>)}
          <th scope="col">{t('marketing.coverage.pct')}</th>
        </tr>
      </thead>
      <tbody>
        {board.coverage.grids.map((l) => (
          <tr key={l.grid} data-testid={`coverage-${l.grid}`} data-coverage-bp={l.coverageBp}>
            <td>{l.grid} {nameOf(l.grid)}</td>{cells(l)}<td>{pct(l.coverageBp)}</td>
          </tr>
        ))}
        <tr data-testid="coverage-total" data-coverage-bp={board.coverage.total.coverageBp}>
          <td>{t('marketing.board.total')}</td>{cells(board.coverage.total)}<td>{pct(board.coverage.total.coverageBp)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * 点亮侯马: the branch's grid map with its customers, households and merchants coloured by task status, the
 * signed-in manager's tasks to record, the branch head's form to hand out tasks, and the board. Every action
 * reloads all three, so what the screen shows is what the store holds.
 */
export function MarketingScreen({ session }: ScreenProps) {
  const { t } = useTranslation();
  const [view, setView] = useState<MarketingMapView | null>(null);
  const [tasks, setTasks] = useState<TaskView[]>([]);
  const [board, setBoard] = useState<Board | null>(null);
  const [grid, setGrid] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const assigner = session.permissions.includes('marketing.assign');

  useEffect(() => {
    Promise.all([api.call('marketing.map', {}), api.call('marketing.tasks', { scope: assigner ? 'all' : 'mine' }), api.call('marketing.board', {})]).then(
      ([v, mine, b]) => {
        setView(v);
        setTasks(mine.tasks);
        setBoard(b);
        setGrid((g) => g || v.grids.features[0]?.properties.code || '');
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [refresh, assigner, t]);

  // Tasks arriving by live sync (head office's or the branch head's from another PC, a manager's from the field)
  // read everything again; a sync brings them in a burst, so one read per quiet 300 ms. Also when the event stream
  // (re)opens: events sent while it was down are lost.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const arrived = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => setRefresh((n) => n + 1), 300);
  }, []);
  useApiEvent('value.marketingTask', arrived);
  useEffect(() => {
    const off = api.onStreamOpen(arrived);
    return () => {
      void off();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [arrived]);

  const done = (msg: string) => {
    setNotice(msg);
    setRefresh((n) => n + 1);
  };

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!view || !board) return <ScreenLoading />;
  const open = tasks.filter((x) => x.status === 'open');
  return (
    <section className="screen" aria-labelledby="marketing-title">
      <h2 id="marketing-title">{t('marketing.title')}</h2>
      {view.grids.features.length === 0 ? (
        <p data-testid="marketing-no-grids">{t('marketing.noGrids')}</p>
      ) : (
        <>
          <p data-testid="marketing-summary">{t('marketing.summary', { grids: view.grids.features.length, points: view.points.length, unplaced: view.unplaced })}</p>
          <GridMap view={view} coverage={board.coverage} onGrid={setGrid} />
        </>
      )}
      {notice && <p role="status" data-testid="marketing-notice">{notice}</p>}
      <h3>{t(assigner ? 'marketing.branchTasks' : 'marketing.mine', { n: open.length })}</h3>
      {tasks.length === 0 ? <p>{t('marketing.noTasks')}</p> : <ul className="task-list" data-testid="marketing-tasks">{tasks.map((x) => <TaskRow key={x.id} task={x} onDone={done} />)}</ul>}
      {assigner && view.grids.features.length > 0 && <AssignForm view={view} grid={grid} setGrid={setGrid} onDone={done} />}
      {assigner && view.grids.features.length > 0 && <OfferTasksForm view={view} board={board} onDone={done} />}
      <BoardTable board={board} />
      <CoverageTable view={view} board={board} />
    </section>
  );
}
