"use client";

/** Shown when the game day page itself fails to load (database down, a bug): never a stack trace. */
export default function GameDayError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="stack" style={{ maxWidth: 640 }}>
      <div className="banner error" role="alert">
        <strong>This game day could not be loaded.</strong> The console or its database may be unavailable. Faults already launched keep their lease and are reverted when it ends.
        {error.digest ? <div className="muted small">Reference: {error.digest}</div> : null}
      </div>
      <div>
        <button type="button" className="button primary" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
