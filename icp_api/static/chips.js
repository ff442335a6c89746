// The progress chips: the tenant's flow state from /icp/status, polled every two seconds.

import { ApiError, api, setText } from "./app.js";

const POLL_MS = 2000;
// Once the flow has finished or failed nothing changes until the next intake.
const SETTLED_POLL_MS = 10000;

const STATE_SENTENCES = {
  no_intake: "No intake yet.",
  intake_saved: "Intake saved; waiting for the pipeline to start.",
  mapping: "Mapping your customers to the register…",
  crawl: "Reading your customers' websites…",
  pattern_mining: "Finding what your best customers have in common…",
  suggestions_ready: "Your suggestions are ready.",
};

/** Each stage's status for a /icp/status answer: done, current, failed or pending. */
export function chipStatuses(stages, status, stageOfAsset) {
  if (status.state === "no_intake") return stages.map(() => "pending");
  if (status.state === "suggestions_ready") return stages.map(() => "done");
  let current = stages.indexOf(status.state);
  if (status.state === "failed") {
    const firstUndone = Object.keys(stageOfAsset).find(
      (asset) => !(status.assets_done ?? []).includes(asset),
    );
    const stage = stageOfAsset[status.failed_step] ?? stageOfAsset[firstUndone];
    current = Math.max(stages.indexOf(stage), 0);
  }
  return stages.map((_, index) => {
    if (index < current) return "done";
    if (index > current) return "pending";
    return status.state === "failed" ? "failed" : "current";
  });
}

function describe(status) {
  if (status.state === "failed") return `The pipeline stopped at step ${status.failed_step}.`;
  const sentence = STATE_SENTENCES[status.state] ?? status.state;
  return status.intake_id ? `Intake #${status.intake_id}: ${sentence}` : sentence;
}

/** Draw `status` on the chips list `list` and its status line `line`. */
export function renderChips(list, line, status) {
  const chips = [...list.querySelectorAll(".chip")];
  const stages = chips.map((chip) => chip.dataset.stage);
  const statuses = chipStatuses(stages, status, JSON.parse(list.dataset.stageOfAsset));
  chips.forEach((chip, index) => {
    chip.dataset.status = statuses[index];
    setText(chip.querySelector(".chip-status"), statuses[index]);
    if (statuses[index] === "current") chip.setAttribute("aria-current", "step");
    else chip.removeAttribute("aria-current");
  });
  list.dataset.state = status.state;
  setText(line, describe(status));
}

/** Poll /icp/status, drawing each answer on the chips and passing it to `onStatus`. */
export function watchProgress(list, line, onStatus = () => {}) {
  async function tick() {
    let settled = false;
    try {
      const status = await api("/icp/status");
      renderChips(list, line, status);
      onStatus(status);
      settled = ["suggestions_ready", "failed", "no_intake"].includes(status.state);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      setText(line, `Could not read the progress: ${error.message}. Retrying…`);
    }
    window.setTimeout(tick, settled ? SETTLED_POLL_MS : POLL_MS);
  }
  tick();
}
