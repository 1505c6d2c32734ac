export { loadOnUse } from './load-on-use.ts';
