/** Entry point for the queue kiosk; the queue area replaces this module with the real screen. */
export function KioskApp() {
  return <main lang="zh-CN">精微网点 · 叫号机</main>;
}
