// A community's streets on a map: a marker for each street with coordinates, drawn with
// Leaflet from the page's JSON (the "community-map-data" script tag). An enhancement only:
// the list of streets beside it is the content, so the map is hidden from assistive
// technology and holds nothing focusable. Without JavaScript, Leaflet or points, it stays
// hidden; without tiles it shows the points on a blank ground.
(function () {
  "use strict";

  function text(value) {
    var div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  function draw() {
    var element = document.getElementById("community-map");
    var source = document.getElementById("community-map-data");
    if (!element || !source || typeof window.L === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.points.length) return;
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
    var points = [];
    data.points.forEach(function (point) {
      points.push(point.at);
      L.circleMarker(point.at, {
        radius: 9, color: "#0052a5", weight: 3, fillOpacity: 0.4, interactive: false
      }).addTo(map);
    });
    map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 16 });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
