// The dispatcher's route map: each vehicle's route as a line with numbered stops, drawn with
// Leaflet from the page's JSON (the "dispatch-map-data" script tag). An enhancement only: the
// page's lists hold the same stops, so the map is hidden from assistive technology and holds
// nothing focusable (no zoom buttons, no keyboard handler, plain-text attribution). Without
// JavaScript, Leaflet or tiles, the map stays hidden or shows the routes on a blank ground.
(function () {
  "use strict";
  var COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#0b0c0c"];

  function text(value) {
    var div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  function draw() {
    var element = document.getElementById("dispatch-map");
    var source = document.getElementById("dispatch-map-data");
    if (!element || !source || typeof window.L === "undefined") return;
    var data = JSON.parse(source.textContent);
    var points = [];
    data.routes.forEach(function (route) {
      points.push(route.depot);
      route.stops.forEach(function (stop) { points.push(stop.at); });
    });
    if (!points.length) return;
    element.hidden = false;
    var L = window.L;
    var map = L.map(element, {
      zoomControl: false,
      keyboard: false,
      attributionControl: false,
      scrollWheelZoom: false
    });
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19 }).addTo(map);
      if (data.attribution) {
        L.control.attribution({ prefix: false }).addAttribution(text(data.attribution)).addTo(map);
      }
    }
    data.routes.forEach(function (route, index) {
      var colour = COLOURS[index % COLOURS.length];
      var line = [route.depot].concat(route.stops.map(function (stop) { return stop.at; }));
      line.push(route.depot);
      if (route.stops.length) {
        L.polyline(line, { color: colour, weight: 4, opacity: 0.8, interactive: false }).addTo(map);
      }
      route.stops.forEach(function (stop) {
        L.marker(stop.at, {
          keyboard: false,
          title: route.vehicle + " " + stop.n + ": " + stop.label,
          icon: L.divIcon({
            className: "ocus-stop-marker ocus-stop-marker--" + (index % COLOURS.length),
            html: String(stop.n),
            iconSize: [24, 24]
          })
        }).addTo(map);
      });
    });
    map.fitBounds(L.latLngBounds(points), { padding: [20, 20] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
