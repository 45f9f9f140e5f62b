import { registerDocType } from '../registry';
import { auditAnchorDoc, auditDoc } from './audit';
import { customerDoc } from './customer';
import { loanApplicationDoc, loanDoc } from './credit';
import { documentDoc, syncReportDoc } from './operations';
import { queueConfigDoc, queueCounterDoc, queueTicketDoc } from './queue';
import { staffDoc } from './staff';
import { householdDoc, villageImportDoc } from './village';
import { loanStateDoc, riskActionDoc, riskEventDoc } from './post-loan';

// Registered on import so the server and the CouchDB design-doc generator see the same list.
registerDocType('customer', customerDoc);
registerDocType('staff', staffDoc);
registerDocType('audit', auditDoc);
registerDocType('audit-anchor', auditAnchorDoc);
registerDocType('loanapp', loanApplicationDoc);
registerDocType('loan', loanDoc);
registerDocType('queue-ticket', queueTicketDoc);
registerDocType('queue-counter', queueCounterDoc);
registerDocType('queue-config', queueConfigDoc);
registerDocType('sync-report', syncReportDoc);
registerDocType('document', documentDoc);
registerDocType('household', householdDoc);
registerDocType('village-import', villageImportDoc);
registerDocType('loan-state', loanStateDoc);
registerDocType('risk-event', riskEventDoc);
registerDocType('risk-action', riskActionDoc);
