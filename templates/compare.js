// The picker of two versions on a declaration's page of `decl site`: opens the redline of the
// chosen pair, which the site generated for every pair (older first), so that it works from
// file:// and without a server. Without scripts, the table of links below it does the same.
"use strict";
(function () {
  const form = document.getElementById("picker");
  const pairs = document.getElementById("pairs");
  const note = document.getElementById("compare-note");
  if (!form || !pairs) return;
  const links = new Map();
  for (const a of pairs.querySelectorAll("a[data-old][data-new]")) {
    links.set(a.dataset.old + "\n" + a.dataset.new, a.href);
  }
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let from = form.elements.old.value;
    let to = form.elements.new.value;
    if (from === to) {
      note.textContent = "Choose two different versions.";
      return;
    }
    // Pages compare the older version with the newer one.
    const href = links.get(from + "\n" + to) || links.get(to + "\n" + from);
    if (href) {
      window.location.href = href;
    }
  });
})();
