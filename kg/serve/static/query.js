// The query page: YASGUI on this server's endpoint, the named queries as examples (with the
// fields of their parameters), and a visible note when the server cut a result at its row limit
// (header X-KG-Truncated).
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  var select = document.getElementById("examples");
  var description = document.getElementById("example-description");
  var truncated = document.getElementById("truncated");
  var paramForms = document.querySelectorAll(".example-params");
  if (!holder || typeof Yasgui === "undefined") { return; }
  var endpoint = new URL(holder.getAttribute("data-endpoint"), window.location.href).toString();
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "kg-query-page"
  });
  var hooked = new WeakSet();
  function hook(tab) {
    var yasqe = tab && tab.getYasqe && tab.getYasqe();
    if (!yasqe || hooked.has(yasqe)) { return; }
    hooked.add(yasqe);
    yasqe.on("queryResponse", function (_yasqe, response) {
      var cut = response && response.headers && response.headers.get &&
        response.headers.get("X-KG-Truncated") === "true";
      truncated.hidden = !cut;
    });
  }
  hook(yasgui.getTab());
  // A fresh tab starts with YASGUI's generic example; start from one of ours instead.
  var fresh = yasgui.getTab();
  var preferred = select && (select.querySelector('option[value="resolutions"]') || select.options[1]);
  if (preferred && fresh && fresh.getQuery && /\?sub \?pred \?obj/.test(fresh.getQuery())) {
    fresh.setQuery(preferred.getAttribute("data-query"));
  }
  yasgui.on("tabSelect", function () { setTimeout(function () { hook(yasgui.getTab()); }, 0); });
  yasgui.on("query", function (_y, tab) { hook(tab); });
  if (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var text = option && option.getAttribute("data-query");
      description.textContent = option ? option.title : "";
      // The parameters of the chosen query, as fields that run it at /query/NAME.
      Array.prototype.forEach.call(paramForms, function (form) {
        form.hidden = !option || form.getAttribute("data-for") !== option.value;
      });
      if (text) { yasgui.getTab().setQuery(text); }
    });
  }
})();
