import { openStore } from '../../engine/store/index.js';
import { runAuditLogContract } from './audit-log-contract.js';

runAuditLogContract('PGlite', () => openStore());
