// The ordered list of migrations. Forward-only: never edit one that has shipped; add the next file.
import * as m0001 from './0001_platform.js';

export const migrations = {
  '0001_platform': m0001,
};
