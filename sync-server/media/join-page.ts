import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

// The customer's phone page. Its script is bundled once per process with esbuild (mediasoup-client included) from
// renderer/video/join-page-main.ts; the HTML is small and fixed.

export interface JoinPageAssets {
  script(): Promise<string>;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the media server');
    dir = up;
  }
  return dir;
}

export function bundledJoinPage(): JoinPageAssets {
  let built: Promise<string> | null = null;
  return {
    script() {
      built ??= (async () => {
        const { build } = await import('esbuild');
        const root = repoRoot();
        const out = await build({
          entryPoints: [join(root, 'renderer/video/join-page-main.ts')],
          bundle: true, format: 'esm', platform: 'browser', target: 'chrome110', minify: true, write: false,
          absWorkingDir: root, logLevel: 'warning', legalComments: 'none', charset: 'utf8',
        });
        return out.outputFiles[0]?.text ?? '';
      })();
      return built;
    },
  };
}

export function joinPageHtml(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; media-src 'self' blob: mediastream:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>视频面签 Video signing</title>
<style>
body{margin:0;font-family:"Noto Sans CJK SC",sans-serif;background:#10213a;color:#fff}
header{padding:10px 14px;font-size:18px}
#remote{width:100%;max-height:60vh;background:#000;display:block}
#local{position:fixed;right:10px;bottom:70px;width:28vw;border:2px solid #fff;background:#000}
#status,#link,#recording{padding:6px 14px;font-size:15px}
#link{color:#9fd0ff}
#link-paused{padding:6px 14px;font-size:16px;background:#8a5a00;color:#fff}
#link-paused[hidden]{display:none}
#sign{padding:8px 14px;background:#fff;color:#111}
#sign[hidden]{display:none}
#terms{margin:4px 0 8px;padding-left:20px}
#pad{width:100%;height:140px;border:1px dashed #888;touch-action:none;background:#fafafa}
#sign input{font-size:18px;width:8em;letter-spacing:2px}
#sign button{font-size:17px;padding:6px 18px;margin-left:8px}
#sign-result{margin-top:6px}
#script,#investigation{padding:8px 14px;background:#f4f7fb;color:#111}
#investigation[hidden]{display:none}
#checklist li{margin:4px 0}
#checklist button{font-size:16px;padding:4px 12px;margin-left:8px}
#script[hidden],#script [hidden]{display:none}
#steps{margin:4px 0;padding-left:22px;font-size:14px}
#steps li[aria-current=step]{font-weight:bold;color:#0b57d0}
#steps .at{color:#287a2e;margin-left:6px}
#step-now{font-size:17px;margin:6px 0}
#script button,#script input{font-size:17px;padding:6px 14px}
#script button:focus-visible,#sign button:focus-visible{outline:3px solid #0b57d0}
</style></head>
<body>
<header>精微网点 · 视频面签 <small>Video signing</small></header>
<video id="remote" autoplay playsinline data-testid="remote-video"></video>
<div id="status" role="status" data-testid="join-status"></div>
<div id="link" data-testid="link-quality"></div>
<div id="link-paused" role="status" hidden data-testid="link-paused"></div>
<div id="recording" role="status" data-testid="recording-status"></div>
<section id="script" hidden data-testid="script-panel">
<div>面签流程 Signing script:</div>
<ol id="steps" data-testid="script-steps"></ol>
<div id="step-now" data-testid="script-current"></div>
<label id="id-photo-label" hidden>拍摄身份证人像面 Photo of the ID card <input id="id-photo" data-testid="id-photo" type="file" accept="image/*" capture="environment"></label>
<button id="confirm" type="button" hidden data-testid="confirm-clause">我已听清并确认 I confirm</button>
<button id="next" type="button" hidden data-testid="script-next">下一步 Next step</button>
<div id="script-result" role="status" data-testid="script-result"></div>
</section>
<section id="investigation" hidden data-testid="investigation-panel">
<div>视频调查清单 Investigation checklist:</div>
<ol id="checklist" data-testid="investigation-checklist"></ol>
<div id="investigation-result" role="status" data-testid="investigation-result"></div>
</section>
<section id="sign" hidden data-testid="sign-panel">
<div>请核对主要条款 Key terms:</div>
<ol id="terms" data-testid="sign-terms"></ol>
<div>请在框内签名 Sign in the box:</div>
<canvas id="pad" data-testid="signature-pad" width="600" height="140"></canvas>
<div><label>短信验证码 Code <input id="code" data-testid="sign-code" inputmode="numeric" maxlength="6" autocomplete="one-time-code"></label>
<button id="sign-clear" type="button">重签 Clear</button><button id="sign-submit" type="button" data-testid="sign-submit">确认签署 Sign</button></div>
<div id="sign-result" role="status" data-testid="sign-result"></div>
</section>
<video id="local" autoplay playsinline muted></video>
<script type="module" src="/media/static/join.js"></script>
</body></html>`;
}
