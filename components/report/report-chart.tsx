import { chartGeometry } from "@/lib/report/measure";
import type { ReportChart as Chart } from "@/lib/report/model";

/** One report chart as SVG, from the same geometry as the PDF's: black line, hatched fault, dashed marks. */
export function ReportChart({ chart }: { chart: Chart }) {
  const g = chartGeometry(chart, 720, 190);
  const pattern = `hatch-${chart.metric}-${chart.fromMs}`;
  return (
    <figure className="report-chart">
      <figcaption>
        <strong>
          {chart.label} ({chart.unit})
        </strong>{" "}
        <span className="muted">{chart.expectation}</span>
      </figcaption>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} width="100%" role="img" aria-label={`${chart.label} over the run, the fault shaded`} fontSize="10" fontFamily="sans-serif">
        <defs>
          <pattern id={pattern} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#eee" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#999" strokeWidth="2" />
          </pattern>
        </defs>
        <rect width={g.width} height={g.height} fill="#fff" />
        {g.fault ? <rect x={g.fault.x0} y={g.plot.top} width={Math.max(1, g.fault.x1 - g.fault.x0)} height={g.plot.bottom - g.plot.top} fill={`url(#${pattern})`} /> : null}
        {g.yTicks.map((tick) => (
          <g key={tick.y}>
            <line x1={g.plot.left} x2={g.plot.right} y1={tick.y} y2={tick.y} stroke="#ddd" />
            <text x={g.plot.left - 4} y={tick.y + 3} textAnchor="end" fill="#333">
              {tick.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((tick) => (
          <text key={tick.x} x={tick.x} y={g.height - 8} textAnchor="middle" fill="#333">
            {tick.label}
          </text>
        ))}
        <path d={g.line.map(([x, y], index) => `${index === 0 ? "M" : "L"}${x} ${y}`).join("")} fill="none" stroke="#000" strokeWidth="1.2" />
        {g.marks.map((mark, index) => (
          <g key={`${mark.label}-${index}`}>
            <line x1={mark.x} x2={mark.x} y1={g.plot.top} y2={g.plot.bottom} stroke="#000" strokeDasharray="3 2" />
            <text x={mark.x + 2} y={g.plot.top + 10 + (index % 3) * 11} fill="#000">
              {mark.label}
            </text>
          </g>
        ))}
        <path d={`M${g.plot.left} ${g.plot.top}L${g.plot.left} ${g.plot.bottom}L${g.plot.right} ${g.plot.bottom}`} fill="none" stroke="#000" />
      </svg>
    </figure>
  );
}
