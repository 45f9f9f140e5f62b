import { useRef } from 'react';
import { useChart, type ChartOption } from '../../charts/use-chart';

/** One chart of the dashboard, full width, drawn once its option is ready. */
export function DashboardChart({ option, testId, height }: { option: ChartOption | null; testId: string; height: number }) {
  const el = useRef<HTMLDivElement>(null);
  useChart(el, option);
  return <div ref={el} data-testid={testId} style={{ width: '100%', height }} />;
}
