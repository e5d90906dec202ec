// echarts-dashboard.mjs — the entry of the UI's own echarts build
// (scripts/build-web.sh bundles it with esbuild into
// /vendor/echarts@VERSION/echarts.esm.min.mjs): only what the dashboard
// draws — bar and heatmap charts on a grid, tooltips, the SVG renderer —
// instead of the whole library (issue 13 part 9: 368 KB gzip were the
// largest part of the dashboard's first load on a slow network). A chart
// type or component used anywhere in web/js must be registered here.
import { use, init } from 'echarts/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, HeatmapChart, GridComponent, TooltipComponent, SVGRenderer]);

export { init, use };
