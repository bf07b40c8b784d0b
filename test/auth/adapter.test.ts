import { openStore } from '../../engine/store/index.js';
import { runAuthStoreContract } from './adapter-contract.js';

runAuthStoreContract('PGlite', () => openStore());
