"""Travel matrices: haversine × detour at a speed, and OSRM's table service against a local
fake server (answers, timeouts and errors fall back to haversine with a warning)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from opencus.routing.travel import haversine_km, haversine_matrices, matrices

# Warsaw's Palace of Culture and Kraków's main square: about 252 km apart.
WARSAW = (52.2318, 21.0060)
KRAKOW = (50.0617, 19.9373)


def test_haversine_distance_and_time() -> None:
    assert haversine_km(WARSAW, KRAKOW) == pytest.approx(252.0, abs=2.0)
    assert haversine_km(WARSAW, WARSAW) == 0.0
    result = haversine_matrices([WARSAW, KRAKOW], detour=1.3, speed_kmh=60.0)
    assert result.source == "haversine"
    km = haversine_km(WARSAW, KRAKOW) * 1.3
    assert result.distance[0][1] == pytest.approx(km)
    assert result.travel[1][0] == pytest.approx(km)  # 60 km/h: a minute per km
    assert result.travel[0][0] == 0.0
    with pytest.raises(ValueError, match="positive"):
        haversine_matrices([WARSAW], speed_kmh=0)


class FakeOsrm(BaseHTTPRequestHandler):
    """Answers the table service; ``mode`` picks a good answer, a slow one, or an error."""

    mode = "ok"
    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook's name
        FakeOsrm.paths.append(self.path)
        if FakeOsrm.mode == "slow":
            time.sleep(0.6)
        if FakeOsrm.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        body: dict[str, object] = {
            "code": "Ok",
            "durations": [[0, 600.0], [660.0, 0]],
            "distances": [[0, 9000.0], [9500.0, 0]],
        }
        if FakeOsrm.mode == "unroutable":
            body["durations"] = [[0, None], [660.0, 0]]
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        return


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """The slow answer is written after the client gave up (a broken pipe): expected."""


@pytest.fixture
def osrm_url() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), FakeOsrm)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    FakeOsrm.mode, FakeOsrm.paths = "ok", []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_osrm_table(osrm_url: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="opencus.routing.travel"):
        result = matrices([WARSAW, KRAKOW], osrm_url=osrm_url, timeout=2.0)
    assert result.source == "osrm"
    assert result.travel == [[0.0, 10.0], [11.0, 0.0]]
    assert result.distance == [[0.0, 9.0], [9.5, 0.0]]
    assert FakeOsrm.paths == [
        "/table/v1/driving/21.006000,52.231800;19.937300,50.061700?annotations=duration,distance"
    ]
    assert not caplog.records


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("slow", "timed out"), ("error", "500"), ("unroutable", "cannot route")],
)
def test_osrm_failures_fall_back_to_haversine_and_say_so(
    osrm_url: str, caplog: pytest.LogCaptureFixture, mode: str, reason: str
) -> None:
    FakeOsrm.mode = mode
    with caplog.at_level(logging.WARNING, logger="opencus.routing.travel"):
        result = matrices([WARSAW, KRAKOW], osrm_url=osrm_url, timeout=0.2, speed_kmh=60.0)
    assert result.source == "haversine"
    assert result.distance[0][1] == pytest.approx(haversine_km(WARSAW, KRAKOW) * 1.3)
    [record] = caplog.records
    assert "falling back to haversine" in record.getMessage()
    assert reason in record.getMessage()


def test_no_osrm_url_means_haversine_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="opencus.routing.travel"):
        assert matrices([WARSAW, KRAKOW]).source == "haversine"
        assert matrices([WARSAW, KRAKOW], osrm_url="ftp://x").source == "haversine"
    assert len(caplog.records) == 1  # the ftp URL was refused, and said so
