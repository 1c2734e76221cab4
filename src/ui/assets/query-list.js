/* /StreamingQuery/: the tables refresh as queries start, progress and stop (server-sent events),
 * keeping the page, sort and page size of the address (completed.page=2&completed.sort=Name…). */
(function () {
  "use strict";
  var timer = null;
  function refresh() {
    var query = location.search.replace(/^\?/, "");
    fetch("/StreamingQuery/?fragment=tables" + (query ? "&" + query : "")).then(function (r) { return r.text(); }).then(function (html) {
      document.getElementById("query-tables").innerHTML = html;
      window.__iskraList = { updatedAt: Date.now() };
    });
  }
  var es = new EventSource("/StreamingQuery/events");
  ["progress", "query"].forEach(function (kind) {
    es.addEventListener(kind, function () { if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, 250); });
  });
  // Durations move on even without events.
  setInterval(refresh, 5000);
})();
