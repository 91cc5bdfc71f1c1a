// The search of `decl site`: finds the clause texts holding every word typed, in the index
// that search-index.js defines. Results are built as DOM nodes from text, never as HTML.
"use strict";
(function () {
  const index = window.declSearchIndex || [];
  const form = document.getElementById("search");
  const input = document.getElementById("q");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  if (!form || !input || !results) return;
  const root = "../";
  const fold = (s) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const texts = index.map((e) => fold(e.t));
  function run() {
    const words = fold(input.value).split(/\s+/).filter((w) => w.length > 0);
    results.replaceChildren();
    if (words.length === 0) {
      status.textContent = index.length + " clause texts.";
      return;
    }
    let found = 0;
    for (let i = 0; i < index.length; i++) {
      if (!words.every((w) => texts[i].includes(w))) continue;
      found++;
      if (found > 100) continue;
      const e = index[i];
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = root + e.u;
      a.textContent = e.w;
      const where = document.createElement("span");
      where.className = "muted";
      where.textContent = " · " + e.d;
      const p = document.createElement("p");
      p.textContent = e.t;
      li.append(a, where, p);
      results.append(li);
    }
    status.textContent = found === 0 ? "No clause holds these words." :
      found + (found === 1 ? " clause text" : " clause texts") + (found > 100 ? ", the first 100 shown." : ".");
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  const q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  run();
})();
