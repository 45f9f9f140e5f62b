import type { CliEntry } from '../command';

// Each subcommand lives in its own file, loaded only when it runs; this list is the only place they are registered.
export const commands: CliEntry[] = [
  {
    name: 'demo',
    summary: '启动演示：总行同步服务器+侯马支行HM01及演示数据 Start head office + demo branch HM01 with demo data',
    load: async () => (await import('./demo')).demoCommand,
  },
  { name: 'branch', summary: '启动支行主机（界面与API） Start the branch host (UI + API)', load: async () => (await import('./branch')).branchCommand },
  {
    name: 'lan-keys',
    summary: '叫号主机的叫号机/柜台密钥与网点CA（显示、更换） Queue device keys and branch CA: show, rotate',
    load: async () => (await import('./lan-keys')).lanKeysCommand,
  },
  { name: 'schedule', summary: '计算还款计划 Print a repayment schedule', load: async () => (await import('./schedule')).scheduleCommand },
  {
    name: 'server',
    summary: '启动总行同步服务器 Start the head-office sync server (CouchDB-compatible)',
    load: async () => (await import('./server')).serverCommand,
  },
  {
    name: 'couchdb-setup',
    summary: '在任一 CouchDB 兼容服务器上建立库、权限与校验 Apply databases, _security and validation to any CouchDB URL',
    load: async () => (await import('./couchdb-setup')).couchdbSetupCommand,
  },
  {
    name: 'media',
    summary: '启动总行视频面签媒体服务器（mediasoup） Start head office\'s video-signing media server (SFU)',
    load: async () => (await import('./media')).mediaCommand,
  },
  { name: 'ocr', summary: '证件识别（身份证、营业执照） / OCR an ID card or business licence', load: async () => (await import('./ocr')).ocrCommand },
  {
    name: 'feed',
    summary: '总行导入核心系统T+1文件、贷后日终扫描、生成测试文件 Head office: import core-banking feeds, daily risk scan, test files',
    load: async () => (await import('./feed')).feedCommand,
  },
  {
    name: 'value',
    summary: '总行精微甄选：客户等级、积分计提与复式积分总账、商户券核销 Head office: tiers, points ledger, vouchers',
    load: async () => (await import('./value')).valueCommand,
  },
  {
    name: 'enrol',
    summary: '用科技部的一次性注册码注册本设备 Enrol this device with IT\'s one-time code',
    load: async () => (await import('./enrol')).enrolCommand,
  },
  { name: 'sync', summary: '与总行一次性双向同步 One-shot push and pull with head office', load: async () => (await import('./sync')).syncCommand },
  {
    name: 'audit-verify',
    summary: '在总行核验支行审计链 Head office checks a branch\'s audit chains and anchors',
    load: async () => (await import('./audit-verify')).auditVerifyCommand,
  },
  {
    name: 'report',
    summary: '总行跨网点看板：跟随各支行库到报表库 Head office: follow every branch into the reporting store, serve the dashboard',
    load: async () => (await import('./report')).reportCommand,
  },
  {
    name: 'village',
    summary: '总行整村授信服务（授信额度、二维码自助签约用信） Head office village credit service (credit lines, QR self-service)',
    load: async () => (await import('./village')).villageCommand,
  },
  {
    name: 'identity',
    summary: '总行身份服务：密钥、员工签发与申请处理 Head office identity: keys, signed staff, staff requests',
    load: async () => (await import('./identity')).identityCommand,
  },
  {
    name: 'release',
    summary: '总行信息科技部发布升级：灰度、暂停、扩大、停用 Head office IT: publish app updates, staged rollout, pause, widen, block',
    load: async () => (await import('./release')).releaseCommand,
  },
];
