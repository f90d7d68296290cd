// Server-side charts (ChartRenderer for the commands). The drawing code and its native canvas are
// loaded on first use, so a machine where the canvas binary cannot load still starts and answers
// `/textbank stats` with text (the command says the chart is unavailable).
import type { ChartRenderer } from '../../commands/services.js';

export function createChartRenderer(): ChartRenderer {
  return {
    async statsPng(chart) {
      const { renderStatsPng } = await import('./stats-png.js');
      return renderStatsPng(chart);
    },
  };
}
