import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { OwnershipView } from '../../../main/core/credit/credit.contract';
import { api } from '../../api/client';
import { errorText } from '../labels';
import './credit.css';

echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);

/** Layers by distance from the target company, so the graph reads bottom-up from people to the borrower. */
function layers(view: OwnershipView): Map<string, number> {
  const depth = new Map<string, number>();
  const target = view.nodes.find((n) => n.isTarget)!.id;
  depth.set(target, 0);
  for (let changed = true, guard = 0; changed && guard < 50; guard++) {
    changed = false;
    for (const e of view.edges) {
      const d = depth.get(e.to);
      if (d !== undefined && (depth.get(e.from) ?? -1) < d + 1 && d + 1 <= view.nodes.length) {
        if (!depth.has(e.from)) {
          depth.set(e.from, d + 1);
          changed = true;
        }
      }
    }
  }
  return depth;
}

/** 股权穿透: the ownership graph, each natural person's share with the paths that make it, the method named. */
export function OwnershipPage({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<'integrated' | 'simple-paths'>('integrated');
  const [view, setView] = useState<OwnershipView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.call('credit.ownership', { customerId, method }).then(
      (v) => {
        setView(v);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t)),
    );
  }, [customerId, method, t]);

  useEffect(() => {
    if (!view || !el.current) return;
    const depth = layers(view);
    const perLayer = new Map<number, number>();
    const width = el.current.clientWidth || 800;
    const maxDepth = Math.max(...depth.values(), 1);
    const counts = new Map<number, number>();
    for (const d of depth.values()) counts.set(d, (counts.get(d) ?? 0) + 1);
    const chart = echarts.init(el.current);
    chart.setOption({
      tooltip: { formatter: (p: { dataType: string; data: { name?: string; label?: { formatter?: string }; value?: string } }) => (p.dataType === 'edge' ? p.data.value ?? '' : p.data.name ?? '') },
      series: [{
        type: 'graph', layout: 'none', roam: true, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9,
        label: { show: true, fontSize: 12 },
        edgeLabel: { show: true, formatter: (p: { data: { value: string } }) => p.data.value, fontSize: 11, color: '#13487a' },
        lineStyle: { color: '#8aa4c0', width: 1.6, curveness: 0.12 },
        data: view.nodes.map((n) => {
          const d = depth.get(n.id) ?? maxDepth;
          const i = perLayer.get(d) ?? 0;
          perLayer.set(d, i + 1);
          const n_ = counts.get(d) ?? 1;
          return {
            id: n.id, name: n.name, x: 90 + ((i + 1) * (width - 180)) / (n_ + 1), y: (maxDepth - d) * 120 + 40,
            symbol: n.kind === 'company' ? 'roundRect' : 'circle', symbolSize: n.isTarget ? [190, 40] : n.kind === 'company' ? [170, 34] : 46,
            itemStyle: { color: n.isTarget ? '#13487a' : n.kind === 'company' ? '#6b8fb5' : n.isBeneficialOwner ? '#c0392b' : '#9aa9b8' },
            label: { color: n.kind === 'company' || n.isBeneficialOwner ? '#fff' : '#1e2a38', position: n.kind === 'person' ? 'inside' : 'inside' },
          };
        }),
        links: view.edges.map((e) => ({ source: e.from, target: e.to, value: e.sharePct })),
      }],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [view]);

  return (
    <div className="credit-page" data-testid="ownership-page">
      <div className="credit-toolbar">
        <h1 className="pane-title">{t('credit.ui.ownership')}{view ? ` · ${view.nodes.find((n) => n.isTarget)?.name}` : ''}</h1>
        <label className="field inline-field">
          <span className="field-label">{t('credit.ui.ownershipMethod')}</span>
          <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)} data-testid="ownership-method">
            <option value="integrated">{t('credit.ownershipMethod.integrated')}</option>
            <option value="simple-paths">{t('credit.ownershipMethod.simple-paths')}</option>
          </select>
        </label>
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {view && (
        <>
          <p className="notice notice-info" data-testid="ownership-method-note">
            {t('credit.ui.ownershipMethodNote', { method: view.methodName, threshold: view.thresholdPct })}
            {view.hasCycle && ` ${t('credit.ui.ownershipCycle')}`}
          </p>
          {view.opaqueCompanies.length > 0 && <p className="notice notice-warning">{t('credit.ui.ownershipOpaque', { names: view.opaqueCompanies.join('、') })}</p>}
          <div className="ownership-layout">
            <section className="panel"><div ref={el} className="chart chart-tall" /></section>
            <section className="panel">
              <h2>{t('credit.ui.owners')}</h2>
              <table className="grid" data-testid="ownership-owners">
                <thead><tr><th>{t('credit.ui.person')}</th><th className="num">{t('credit.ui.share')}</th><th>{t('credit.ui.beneficialOwner')}</th></tr></thead>
                <tbody>
                  {view.owners.map((o) => (
                    <tr key={o.personId}>
                      <td>
                        <strong>{o.name}</strong>
                        <ul className="paths">
                          {o.paths.map((p, i) => <li key={i}>{p.names.join(' → ')}：{p.sharePct}</li>)}
                          {o.viaCyclesPct && <li>{t('credit.ui.viaCycles', { pct: o.viaCyclesPct })}</li>}
                        </ul>
                      </td>
                      <td className="num mono" title={o.shareExact}>{o.sharePct}</td>
                      <td>{o.isBeneficialOwner ? <span className="tag tag-required">{t('credit.ui.yes')}</span> : t('credit.ui.no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="dl dl-single">
                <div className="dl-row"><dt>{t('credit.ui.actualController')}</dt><dd>{view.actualController ? `${view.actualController.name}（${t(`credit.ui.basis.${view.actualController.basis}`)}）` : t('credit.ui.none')}</dd></div>
                <div className="dl-row"><dt>{t('credit.ui.related')}</dt><dd>{view.relatedCompanies.map((c) => c.name).join('、') || t('credit.ui.none')}</dd></div>
              </dl>
              {view.disagreements.length > 0 && (
                <p className="notice notice-warning">{t('credit.ui.disagree', { list: view.disagreements.map((d) => `${d.name} ${d.integratedPct} / ${d.simplePathsPct}`).join('；') })}</p>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
