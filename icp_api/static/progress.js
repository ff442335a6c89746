// The progress page: the chips, what failed, and the way on once suggestions are ready.

import { startPage } from "./app.js";
import { watchProgress } from "./chips.js";

startPage(() => {
  const failure = document.getElementById("failure");
  const evidenceNote = document.getElementById("evidence-note");
  watchProgress(document.getElementById("chips"), document.getElementById("status-line"), (status) => {
    failure.hidden = status.state !== "failed";
    if (status.state === "failed") {
      document.getElementById("failed-step").textContent = status.failed_step ?? "unknown";
      document.getElementById("failed-error").textContent = status.error ?? "";
    }
    // A crawl that reached too few sites: the chips say done, the evidence says how old.
    evidenceNote.textContent = status.evidence?.note ?? "";
    evidenceNote.hidden = !evidenceNote.textContent;
    document.getElementById("next-step").hidden = status.state !== "suggestions_ready";
    document.getElementById("no-intake").hidden = status.state !== "no_intake";
  });
});
