export { buildDocument } from './document';
export { buildGrid } from './grid';
export { analyseHeader } from './header';
