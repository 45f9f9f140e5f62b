// The household's phone page (村级营销二维码 → 自助签约用信). Plain HTML and a small script with no framework: it
// loads fast on a weak village link and the CSP allows nothing but this origin.

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function selfServicePageHtml(branch: string, village: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>整村授信 自助签约用信 Village credit self-service</title>
<style>
body{margin:0;font-family:"Noto Sans CJK SC",sans-serif;background:#f4f6f8;color:#111;font-size:16px}
header{background:#0b5d3b;color:#fff;padding:12px 14px;font-size:18px}
section{background:#fff;margin:10px;padding:12px;border-radius:6px}
section[hidden]{display:none}
label{display:block;margin:8px 0}
input{font-size:17px;width:100%;box-sizing:border-box;padding:6px}
button{font-size:17px;padding:8px 18px;margin:8px 8px 0 0}
#pad{width:100%;height:140px;border:1px dashed #888;touch-action:none;background:#fafafa}
.msg{margin-top:8px;color:#0b5d3b}.err{margin-top:8px;color:#b00020}
</style></head>
<body data-branch="${escapeHtml(branch)}" data-village="${escapeHtml(village)}">
<header>精微农商银行 · ${escapeHtml(village)} 整村授信<br><small>Village credit self-service</small></header>
<section id="who" data-testid="qr-identify">
<label>户主姓名 Name of the head of household<input id="name" data-testid="qr-name" autocomplete="name"></label>
<label>身份证号码 ID number<input id="id-number" data-testid="qr-id-number" maxlength="18"></label>
<button id="send" type="button" data-testid="qr-send-code">获取验证码 Send code</button>
<label>短信验证码 Code<input id="code" data-testid="qr-code" inputmode="numeric" maxlength="6" autocomplete="one-time-code"></label>
<button id="verify" type="button" data-testid="qr-verify">验证 Verify</button>
<div id="who-msg" class="msg" role="status" data-testid="qr-message"></div>
</section>
<section id="line" hidden data-testid="qr-line">
<div>您的授信额度 Your credit line</div>
<ol id="terms" data-testid="qr-terms"></ol>
<div id="available" data-testid="qr-available"></div>
<div id="sign" data-testid="qr-sign-panel">
<div>请阅读以上合同条款并在框内签名 Read the terms and sign in the box:</div>
<canvas id="pad" data-testid="qr-signature-pad" width="600" height="140"></canvas>
<button id="clear" type="button">重签 Clear</button><button id="sign-submit" type="button" data-testid="qr-sign">确认签约 Sign</button>
</div>
<div id="draw" hidden data-testid="qr-draw-panel">
<label>用信金额（元）Amount to draw (CNY)<input id="amount" data-testid="qr-amount" inputmode="decimal"></label>
<button id="draw-submit" type="button" data-testid="qr-draw">申请用信 Draw</button>
<ul id="drawdowns" data-testid="qr-drawdowns"></ul>
</div>
<div id="line-msg" class="msg" role="status" data-testid="qr-result"></div>
</section>
<script src="/village-static/self-service.js"></script>
</body></html>`;
}

export const SELF_SERVICE_SCRIPT = String.raw`(function () {
  var $ = function (id) { return document.getElementById(id); };
  var branch = document.body.dataset.branch, village = document.body.dataset.village;
  var ticket = null, session = null, contractDigest = null, drawn = false;
  function yuan(fen) { return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function post(path, body) {
    return fetch('/village-api/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.reason || '请求失败 (request failed)'); return j; }); });
  }
  function say(id, text, bad) { var el = $(id); el.textContent = text; el.className = bad ? 'err' : 'msg'; }
  function show(view) {
    contractDigest = view.contractDigest;
    $('who').hidden = true; $('line').hidden = false;
    var terms = $('terms'); terms.textContent = '';
    view.terms.forEach(function (t) { var li = document.createElement('li'); li.textContent = t; terms.appendChild(li); });
    $('available').textContent = '可用额度 Available: ' + yuan(view.availableFen) + ' 元';
    $('sign').hidden = view.signed; $('draw').hidden = !view.signed;
    var list = $('drawdowns'); list.textContent = '';
    view.drawdowns.forEach(function (d) { var li = document.createElement('li'); li.textContent = yuan(d.amountFen) + ' 元 · 已受理，待核心系统入账 (requested)'; list.appendChild(li); });
  }
  $('send').onclick = function () {
    post('start', { branch: branch, village: village, name: $('name').value.trim(), idNumber: $('id-number').value.trim() })
      .then(function (r) { ticket = r.ticket; say('who-msg', r.message); $('code').focus(); }, function (e) { say('who-msg', e.message, true); });
  };
  $('verify').onclick = function () {
    if (!ticket) { say('who-msg', '请先获取验证码 (ask for a code first)', true); return; }
    post('verify', { ticket: ticket, code: $('code').value.trim() })
      .then(function (r) { session = r.session; show(r); }, function (e) { say('who-msg', e.message, true); });
  };
  var pad = $('pad'), ctx = pad.getContext('2d'), drawing = false;
  function at(e) { var b = pad.getBoundingClientRect(); return [(e.clientX - b.left) * pad.width / b.width, (e.clientY - b.top) * pad.height / b.height]; }
  pad.addEventListener('pointerdown', function (e) { drawing = true; var p = at(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]); });
  pad.addEventListener('pointermove', function (e) { if (!drawing) return; var p = at(e); ctx.lineWidth = 3; ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true; });
  pad.addEventListener('pointerup', function () { drawing = false; });
  $('clear').onclick = function () { ctx.clearRect(0, 0, pad.width, pad.height); drawn = false; };
  $('sign-submit').onclick = function () {
    if (!drawn) { say('line-msg', '请先在签名框内签名 (draw your signature first)', true); return; }
    var png = pad.toDataURL('image/png').split(',')[1];
    post('sign', { session: session, contractDigest: contractDigest, signaturePng: png })
      .then(function (v) { show(v); say('line-msg', '签约成功 Signed'); }, function (e) { say('line-msg', e.message, true); });
  };
  $('draw-submit').onclick = function () {
    var text = $('amount').value.trim();
    if (!/^\d+(\.\d{1,2})?$/.test(text)) { say('line-msg', '请输入金额，如 5000 或 5000.50 (enter an amount)', true); return; }
    var parts = text.split('.'), fen = Number(parts[0]) * 100 + Number(((parts[1] || '') + '00').slice(0, 2));
    post('draw', { session: session, amountFen: fen })
      .then(function (v) { show(v); say('line-msg', '用信申请已受理 Drawdown requested: ' + yuan(fen) + ' 元'); }, function (e) { say('line-msg', e.message, true); });
  };
})();`;
