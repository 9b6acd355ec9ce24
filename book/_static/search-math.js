/* Search results quote page text, math included as TeX (\( ... \)): typeset it once the results
 * are in, with the book's bundled MathJax (loaded on every page, see _ext/local_mathjax.py).
 * Excerpts arrive one by one (each is fetched), so typesetting is re-run after the last change,
 * one run at a time (MathJax must not typeset twice at once). */
document.addEventListener("DOMContentLoaded", () => {
  const results = document.getElementById("search-results");
  if (!results) return;
  results.classList.add("mathjax_process");  // the book's MathJax only looks inside marked elements
  let timer = null;
  let chain = Promise.resolve();
  const typeset = () => {
    const mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) return;
    chain = chain.then(() => mj.startup.promise).then(() => mj.typesetPromise([results]))
      .catch((err) => console.warn("MathJax in search results:", err));
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(typeset, 200); };
  new MutationObserver(schedule).observe(results, {childList: true, subtree: true});
  schedule();
});
