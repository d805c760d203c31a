// axe-core on every admin page type (e2e/accessibility-suite.ts), at 360 px light and 1280 px dark.
import { accessibilitySuite } from './accessibility-suite.ts';

accessibilitySuite('admin');
