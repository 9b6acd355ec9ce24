"""Sphinx extension: Chinese search whose query is split into the words the index holds.

Sphinx indexes Chinese text with jieba (``cut_for_search``), which cuts 反向传播 into 反向 and
传播. Its search page, though, takes a query such as 反向传播 as one word, finds no such word in the
index and shows nothing. This language keeps Sphinx's Chinese indexing and replaces the query
splitter (``splitQuery``, which Sphinx lets a search language define): each run of Chinese
characters is cut by longest match against the words of the loaded index, so 反向传播 becomes
反向 + 传播 and pages holding both are found. Single characters are dropped, as the index drops them.
"""
from sphinx.search.zh import SearchChinese

# Runs in the search page after searchtools.js; Search._index is loaded when a query is split.
SPLITTER = r"""
var splitQuery = (query) => {
  const index = (typeof Search !== "undefined" && Search._index) || {};
  const known = (w) => (index.terms && Object.hasOwn(index.terms, w))
    || (index.titleterms && Object.hasOwn(index.titleterms, w));
  const han = /\p{Script=Han}/u;
  const longest = 8;
  const out = [];
  for (const piece of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (!piece) continue;
    for (const run of piece.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
      if (!han.test(run) || run.length < 2 || known(run)) { out.push(run); continue; }
      let i = 0;
      while (i < run.length) {
        let n = Math.min(longest, run.length - i);
        while (n > 1 && !known(run.slice(i, i + n))) n--;
        if (n > 1) out.push(run.slice(i, i + n));
        i += n;
      }
    }
  }
  return out;
};
"""


class SearchChineseCourse(SearchChinese):
    """Sphinx's Chinese search (jieba), with a query splitter that matches how it indexed."""

    js_splitter_code = SPLITTER


def setup(app):
    app.add_search_language(SearchChineseCourse)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
