/* Search results quote page text, math included as TeX (\( ... \)): typeset it once the results
 * are in, with the book's bundled MathJax. */
document.addEventListener("DOMContentLoaded", () => {
  const results = document.getElementById("search-results");
  if (!results) return;
  results.classList.add("mathjax_process");  // the book's MathJax only looks inside marked elements
  let timer = null;
  new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([results]).catch(() => {});
    }, 200);
  }).observe(results, {childList: true, subtree: true});
});
