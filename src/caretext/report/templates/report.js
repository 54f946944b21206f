// caretext report: sortable tables and the league table's filters. No libraries, no network.
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    var text = raw !== null ? raw : cell.textContent.trim();
    var num = parseFloat(text);
    return isNaN(num) || raw === null && !/^[-\d.,]+%?$/.test(text) ? text.toLowerCase() : num;
  }
  function sortTable(table, index, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      if (x === y) return 0;
      var order = x < y ? -1 : 1;
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.setAttribute("data-sorted", index + (descending ? ":desc" : ":asc"));
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "sort by " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") !== "descending";
        table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortTable(table, index, descending);
      });
    });
  });
  var filters = document.querySelectorAll("[data-filter]");
  function applyFilters() {
    var wanted = {};
    filters.forEach(function (select) { if (select.value) wanted[select.getAttribute("data-filter")] = select.value; });
    document.querySelectorAll("table.filterable tbody tr").forEach(function (row) {
      var show = Object.keys(wanted).every(function (key) {
        return ("|" + (row.getAttribute("data-" + key) || "") + "|").indexOf("|" + wanted[key] + "|") >= 0;
      });
      row.hidden = !show;
    });
  }
  filters.forEach(function (select) { select.addEventListener("change", applyFilters); });
})();
