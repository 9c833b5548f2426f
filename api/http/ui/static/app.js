// schedsolve browser UI: lines that must be approved together are selected together.
// A Core and its Supervisor events, a Juicer Production and its Survey share a
// data-group; ticking one ticks (or unticks) the others. The server adds the
// partners too, so the page works the same without this script.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[type=checkbox][data-group]")) return;
  var group = box.getAttribute("data-group");
  document.querySelectorAll("input[type=checkbox][data-group]").forEach(function (other) {
    if (other !== box && other.getAttribute("data-group") === group && !other.disabled) {
      other.checked = box.checked;
    }
  });
});
