/* Sphinx's search scorer (html_search_scorer) for the course: Sphinx's default weights, plus a
 * boost for a result whose title holds the whole query. A Chinese query is matched word by word
 * (see _ext/zh_search.py), which ranks every page holding 反向 and 传播 alike; the page titled
 * "反向传播的数学" should come first. The query is the search page's ?q=. */
var Scorer = {
  score: (result) => {
    const [, title, , , score] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    return query && title && title.toLowerCase().includes(query) ? score + Scorer.title : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
