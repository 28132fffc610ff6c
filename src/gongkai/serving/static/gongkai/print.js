// Buttons marked data-print print the page (the Content-Security-Policy allows no inline handlers).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) { event.preventDefault(); window.print(); }
});
