// Where the update's parts live on the box. The keys folder (config.setup.updateKeysDir for the server) is
// outside /opt so that an update cannot replace the key it is checked with.
export { defaultUpdateKeysDir } from '../core/config.ts';
export const boxOptDir = '/opt';
