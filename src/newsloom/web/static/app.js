// newsloom's only script: progressive enhancement; every page works without it.
"use strict";

function setUpCitations() {
  // A citation button shows the sentence of the cited article that supports the summary sentence.
  document.querySelectorAll("button.cite").forEach((button) => {
    button.addEventListener("click", () => {
      const panel = document.getElementById(button.getAttribute("aria-controls"));
      const open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      panel.hidden = open;
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll('button.cite[aria-expanded="true"]').forEach((button) => button.click());
  });
}

function setUpRemovedToggle() {
  const toggle = document.getElementById("toggle-removed");
  if (!toggle) return;
  const clean = document.getElementById("clean-view");
  const page = document.getElementById("page-view");
  const label = toggle.textContent;
  toggle.addEventListener("click", () => {
    const showing = toggle.getAttribute("aria-pressed") === "true";
    toggle.setAttribute("aria-pressed", String(!showing));
    clean.hidden = !showing;
    page.hidden = showing;
    toggle.textContent = showing ? label : "Show the clean text";
  });
}

function waitForStory() {
  // A new article is stored at once and analysed in the background: poll until it has its story.
  const status = document.getElementById("story-status");
  if (!status || status.dataset.pending !== "true") return;
  const poll = async () => {
    try {
      const answer = await fetch(`/api/articles/${status.dataset.article}`, { headers: { Accept: "application/json" } });
      if (answer.ok && (await answer.json()).analysed) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // the server may be restarting; try again
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  setUpCitations();
  setUpRemovedToggle();
  waitForStory();
});
