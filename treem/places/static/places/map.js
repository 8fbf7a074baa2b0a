/* The ward map: Leaflet (served from the django-leaflet package) with the tile
   server of TREEM_MAP_TILES_URL, one marker per place with coordinates. */
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function start() {
    var box = document.getElementById("place-map");
    if (!box || typeof L === "undefined") return;
    var points = read("place-points") || [];
    var map = L.map(box);
    L.tileLayer(read("place-tiles"), { maxZoom: 19, attribution: read("place-attribution") || "" }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      var popup = document.createElement("div");
      popup.appendChild(link);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(p.type + " · " + p.status));
      L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).addTo(map).bindPopup(popup);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else {
      // Vinh, Nghệ An, when no place has coordinates yet.
      map.setView([18.679, 105.681], 13);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
