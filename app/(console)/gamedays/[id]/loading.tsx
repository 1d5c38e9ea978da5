export default function GameDayLoading() {
  return (
    <div className="stack" aria-busy="true" aria-live="polite">
      <div className="gd-bar">
        <h1>Loading the game day…</h1>
      </div>
      <div className="chart-grid">
        {["Requests", "Errors", "Latency", "Target health", "Tasks", "CPU and memory"].map((title) => (
          <div key={title} className="chart-card skeleton">
            <span className="chart-title">{title}</span>
            <div className="chart-body chart-empty">Loading…</div>
          </div>
        ))}
      </div>
    </div>
  );
}
