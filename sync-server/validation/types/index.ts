import { registerDocType } from '../registry';
import { auditDoc } from './audit';
import { customerDoc } from './customer';
import { staffDoc } from './staff';

// Registered on import so the server and the CouchDB design-doc generator see the same list.
registerDocType('customer', customerDoc);
registerDocType('staff', staffDoc);
registerDocType('audit', auditDoc);
