// The progress page: the chips, what failed, and the way on once suggestions are ready.

import { startPage } from "./app.js";
import { watchProgress } from "./chips.js";

startPage(() => {
  const failure = document.getElementById("failure");
  watchProgress(document.getElementById("chips"), document.getElementById("status-line"), (status) => {
    failure.hidden = status.state !== "failed";
    if (status.state === "failed") {
      document.getElementById("failed-step").textContent = status.failed_step ?? "unknown";
      document.getElementById("failed-error").textContent = status.error ?? "";
    }
    document.getElementById("next-step").hidden = status.state !== "suggestions_ready";
    document.getElementById("no-intake").hidden = status.state !== "no_intake";
  });
});
