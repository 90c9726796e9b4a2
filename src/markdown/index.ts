export {
  formatCell,
  pascalToSpace,
  pyRepr,
  stringEscapeMD,
  stringToTableHeader,
  tableToMarkdown,
  type TableOptions,
} from './table.js';
export { sparkline } from './sparkline.js';
