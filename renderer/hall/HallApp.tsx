/** Entry point for the hall display; the queue area replaces this module with the real screen. */
export function HallApp() {
  return <main lang="zh-CN">精微网点 · 大厅屏</main>;
}
