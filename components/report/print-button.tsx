"use client";

/** Opens the browser's print dialog for the report page (print styles turn it black on white). */
export function PrintButton() {
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      Print
    </button>
  );
}
