"""`coach serve` over real HTTP: the secret, no paths from requests, Range, bad clients, Ctrl-C.

One real server (espeak-ng, a cold cache of its own) serves the module; the
tests that stop a server start their own. Everything goes to 127.0.0.1.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from support.served import HOST, VOICE, free_port, start, web_env
from support.tools import decode, probe, run_coach



@pytest.fixture(scope="module")
def built(served) -> dict:
    """The pre-run session at the standard level, built once (cold voice cache)."""
    return served.session("pre-run", "?level=standard")


@pytest.fixture(scope="module")
def mp3(served, built, tmp_path_factory) -> Path:
    status, headers, body = served.request("GET", built["files"]["mp3"]["url"] + "?download=1")
    assert status == 200
    path = tmp_path_factory.mktemp("download") / "session.mp3"
    path.write_bytes(body)
    return path


def test_the_address_comes_at_once_on_a_line_of_its_own_with_a_qr_code(served):
    assert served.started_in < 3.0
    assert served.url == f"http://{HOST}:{served.port}/{served.secret}/"
    assert len(served.secret) >= 22  # 128 bits or more, URL-safe base64
    deadline = time.monotonic() + 3
    while not any("Ctrl-C" in line for line in served.lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any("\u2588" in line or "\u2580" in line or "\u2584" in line for line in served.lines[1:])  # the QR code
    assert "Stop with Ctrl-C" in served.lines[-1]


def test_without_the_secret_there_is_nothing(served):
    wrong = served.secret[:-1] + ("A" if served.secret[-1] != "A" else "B")
    for path in ["/", "/api/routines", f"/{wrong}/", f"/{wrong}/api/routines", f"/{served.secret.lower()}/",
                 f"/{served.secret[:-1]}/", f"/{served.secret}x/", "/favicon.ico", f"//{served.secret}/x/../"]:
        status, headers, body = served.request("GET", path)
        assert status in (403, 404), path
        assert b"routine" not in body.lower() and b"<html" not in body.lower() and len(body) < 40, path
        assert headers["x-content-type-options"] == "nosniff"


def test_no_part_of_a_request_becomes_a_path(served, built):
    key = built["id"]
    attempts = [
        "static/../../use.py", "static/..%2f..%2fuse.py", "static/%2e%2e/%2e%2e/server.py", "static/index.html",
        "static/app.js%00.png", "static/", "static/..", "static/%2Fetc%2Fpasswd", "static//etc/passwd",
        f"audio/{key}.mp3/../../../../etc/passwd", f"audio/../{key}.mp3", "audio/..%2f..%2fprofile.mp3",
        f"audio/{key[:-1]}x.mp3", "audio/" + "0" * 32 + ".mp3", f"audio/{key}.toml", f"audio/{key}.plan.json",
        "api/plan/..%2f..%2fconfig%2fprofile", "api/routine/..%2F..%2Fetc%2Fpasswd", "api/routine/%2Fetc%2Fpasswd",
        "routine/../../../../etc/passwd",
    ]
    for path in attempts:
        status, _, body = served.request("GET", served.base + path)
        assert status in (400, 404), (path, status)
        assert b"root:" not in body and b"import " not in body and b"[pace" not in body, path
    status, _, body = served.request("GET", served.base + "static/app.js")
    assert status == 200 and b"CoachDisplay" in body  # what is in the table is served


def test_every_answer_says_self_only_and_nosniff(served):
    for path in ["", "static/style.css", "api/routines", "nothing-here"]:
        status, headers, _ = served.request("GET", served.base + path)
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "media-src 'self'" in csp, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_only_get_head_and_a_post_for_leg_times(served):
    for method in ("PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "PROPFIND"):
        status, _, body = served.request(method, served.base + "api/routines")
        assert status == 405, method
    status, _, _ = served.request("POST", served.base + "api/routines", b"{}", {"Content-Type": "application/json"})
    assert status == 405


def test_the_home_list_has_every_routine_with_its_drills_and_time(served, env):
    status, found = served.get_json("api/routines")
    assert status == 200
    listed = run_coach(env, "list", *VOICE).stdout.splitlines()
    assert [r["id"] for r in found["routines"]] == ["pre-run", "post-run"]
    for routine, line in zip(found["routines"], listed):
        minutes, seconds = divmod(round(routine["duration"]), 60)
        assert line.split()[:4] == [routine["id"], str(routine["drills"]), "drills", f"{minutes}:{seconds:02d}"]


def test_a_session_is_built_once_for_phones_asking_together(served, home):
    """Four phones ask at once for a session not built yet: one build, one set of files."""
    def ask(_):
        return served.get_json("api/session/post-run?level=short")[1]

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(ask, range(4)))
    assert len({a["id"] for a in answers}) == 1
    assert {a["state"] for a in answers} <= {"building", "ready"}
    started = time.monotonic()
    status, _, page = served.request("GET", served.base)  # the page stays quick while it builds
    assert status == 200 and b"app.js" in page
    assert time.monotonic() - started < 1.0
    done = served.session("post-run", "?level=short")
    folder = home / "cache" / "sessions"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(done["id"])) == [
        f"{done['id']}.mp3", f"{done['id']}.plan.json"]
    assert not [p for p in folder.iterdir() if ".part-" in p.name]


def test_the_plan_is_coach_plan_json_and_the_mp3_is_whole_with_its_chapters(served, built, env, mp3):
    status, plan = served.get_json(f"api/plan/{built['id']}")
    assert status == 200
    printed = json.loads(run_coach(env, "plan", "pre-run", "--level", "standard", "--json", *VOICE).stdout)
    assert plan == printed
    assert len(decode(mp3)) == plan["samples"]  # the whole session, to the sample
    info = probe(mp3, "chapters")
    assert [c["tags"]["title"] for c in info["chapters"]] == [c["title"] for c in plan["chapters"]]
    starts = [float(c["start_time"]) for c in info["chapters"]]  # ID3 chapters are in milliseconds
    assert starts == pytest.approx([c["start"] for c in plan["chapters"]], abs=0.001)


def test_a_download_has_its_name_type_and_length(served, built, mp3):
    url = built["files"]["mp3"]["url"]
    status, headers, body = served.request("HEAD", url + "?download=1")
    assert status == 200 and body == b""
    assert headers["content-type"] == "audio/mpeg"
    assert headers["content-length"] == str(mp3.stat().st_size)
    assert headers["accept-ranges"] == "bytes"
    assert headers["content-disposition"] == f'attachment; filename="{built["files"]["mp3"]["name"]}"'
    assert built["files"]["mp3"]["name"] == "pre-run-hip-warm-up-standard.mp3"
    status, headers, _ = served.request("HEAD", url)
    assert headers["content-disposition"].startswith("inline")


def test_range_requests_get_206_and_past_the_end_416(served, built, mp3):
    url, data = built["files"]["mp3"]["url"], mp3.read_bytes()
    size = len(data)
    status, headers, body = served.request("GET", url, headers={"Range": "bytes=0-99"})
    assert status == 206 and body == data[:100] and headers["content-range"] == f"bytes 0-99/{size}"
    status, headers, body = served.request("GET", url, headers={"Range": "bytes=-1000"})
    assert status == 206 and body == data[-1000:]
    status, headers, body = served.request("GET", url, headers={"Range": f"bytes={size}-"})
    assert status == 416 and headers["content-range"] == f"bytes */{size}"
    for bad in ("bytes=abc", "bytes=10-5", "pages=0-1", "bytes=--"):
        status, _, _ = served.request("GET", url, headers={"Range": bad})
        assert status in (400, 416), bad
    status, _, body = served.request("GET", url, headers={"Range": "bytes=5-9"})
    assert status == 206 and body == data[5:10]  # still answering


def test_sixteen_range_requests_at_once_are_all_answered(served, built, mp3):
    url, data = built["files"]["mp3"]["url"], mp3.read_bytes()
    step = len(data) // 16

    def one(i):
        start, end = i * step, i * step + 65535
        status, _, body = served.request("GET", url, headers={"Range": f"bytes={start}-{end}"})
        return status, body == data[start:end + 1]

    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(one, range(16))) == [(206, True)] * 16


def test_the_wav_is_the_export_writers_file_and_every_format_is_offered(served, built, tmp_path):
    """WAV through the same build (M4B and Opus too: same path, their writers tested with coach export)."""
    plan = served.get_json(f"api/plan/{built['id']}")[1]
    assert {k: v["type"] for k, v in built["files"].items()} == {
        "mp3": "audio/mpeg", "m4b": "audio/mp4", "opus": "audio/ogg", "wav": "audio/wav"}
    done = served.session("pre-run", "?level=standard&format=wav")
    assert done["id"] == built["id"]
    status, headers, body = served.request("GET", done["files"]["wav"]["url"])
    assert status == 200 and headers["content-type"] == "audio/wav"
    (tmp_path / "s.wav").write_bytes(body)
    assert len(decode(tmp_path / "s.wav")) == plan["samples"]


def test_bad_json_is_400_and_a_huge_body_413(served):
    url, js = served.base + "api/pace", {"Content-Type": "application/json"}
    for body in (b"{", b"[]", b'"x"', b"\xff\xfe", b'{"routine": "pre-run", "drill": "knee-drive-crossover", "seconds": NaN}',
                 b'{"routine": "pre-run", "drill": "knee-drive-crossover", "seconds": "22"}',
                 b'{"routine": "pre-run", "drill": "knee-drive-crossover", "seconds": true}',
                 b'{"routine": "nowhere", "drill": "knee-drive-crossover", "seconds": 20}'):
        status, _, answer = served.request("POST", url, body, js)
        assert status == 400, body
        assert json.loads(answer)["error"], body
    status, _, _ = served.request("POST", url, b'{"seconds": 20}', {"Content-Type": "text/plain"})
    assert status == 400
    status, _, _ = served.request("POST", url, b"{" + b" " * 100_000 + b"}", js)
    assert status == 413


def test_a_bad_pace_gets_400_and_the_words_of_coach_pace(served, env):
    told = run_coach(env, "pace", "knee-drive-crossover", "--seconds", "1")
    assert told.returncode == 2
    body = json.dumps({"routine": "pre-run", "drill": "knee-drive-crossover", "seconds": 1}).encode()
    status, _, answer = served.request("POST", served.base + "api/pace", body, {"Content-Type": "application/json"})
    assert status == 400
    assert "coach: " + json.loads(answer)["error"] == told.stderr.strip()
    body = json.dumps({"routine": "pre-run", "drill": "leg-swings", "seconds": 20}).encode()
    status, _, answer = served.request("POST", served.base + "api/pace", body, {"Content-Type": "application/json"})
    told = run_coach(env, "pace", "leg-swings", "--seconds", "20")
    assert status == 400 and "coach: " + json.loads(answer)["error"] == told.stderr.strip()


def test_a_leg_time_is_saved_where_coach_pace_saves_it(served, env):
    js = {"Content-Type": "application/json"}
    body = json.dumps({"routine": "post-run", "drill": "straight-leg-march", "seconds": 17.44}).encode()
    status, _, answer = served.request("POST", served.base + "api/pace", body, js)
    assert status == 400 and "not a 20 m drill" in json.loads(answer)["error"]  # post-run has none
    assert served.get_json("api/routine/post-run")[1]["paces"] == []
    body = json.dumps({"routine": "pre-run", "drill": "straight-leg-march", "seconds": 17.44}).encode()
    status, _, answer = served.request("POST", served.base + "api/pace", body, js)
    assert status == 200 and json.loads(answer)["seconds"] == 17.4
    shown = run_coach(env, "config", "show").stdout
    assert "pace.straight-leg-march" in shown and "17.4 s per 20 m leg" in shown
    paces = {p["drill"]: p for p in served.get_json("api/routine/pre-run")[1]["paces"]}
    assert paces["straight-leg-march"]["seconds"] == 17.4 and paces["straight-leg-march"]["own"]


def test_unknown_routines_levels_and_formats_are_answered_and_the_server_goes_on(served):
    assert served.get_json("api/routine/no-such")[0] == 404
    assert served.get_json("api/session/no-such")[0] == 404
    assert served.get_json("api/routine/pre-run?level=huge")[0] == 400
    assert served.get_json("api/session/pre-run?format=exe")[0] == 400
    assert served.get_json("api/plan/" + "f" * 32)[0] == 404
    assert served.get_json("api/routines")[0] == 200


def test_bad_clients_never_stop_the_server(served, built):
    url = built["files"]["mp3"]["url"]
    slow = socket.create_connection((HOST, served.port))
    slow.sendall(b"GET " + served.base.encode() + b" HTTP/1.1\r\nHost: x\r\n")  # and never ends its headers
    huge = socket.create_connection((HOST, served.port))
    huge.sendall(b"GET " + served.base.encode() + b" HTTP/1.1\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n")
    huge_answer = huge.recv(100)
    garbage = socket.create_connection((HOST, served.port))
    garbage.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n")
    garbage_answer = garbage.recv(100)
    leaver = socket.create_connection((HOST, served.port))
    leaver.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    leaver.recv(2000)  # a little of the download, then gone
    leaver.close()
    for s in (huge, garbage):
        s.close()
    assert huge_answer[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 431", b"") and garbage_answer[:12] in (b"HTTP/1.1 400", b"")
    started = time.monotonic()
    status, _, body = served.request("GET", url, headers={"Range": "bytes=0-9"})
    assert status == 206 and len(body) == 10 and time.monotonic() - started < 1.0  # the slow one holds no one up
    slow.close()
    assert served.process.poll() is None


def test_ctrl_c_stops_at_once_with_130_and_one_line_even_while_building(tmp_path):
    server = start(web_env(tmp_path), *VOICE)
    assert server.get_json("api/session/pre-run?level=full")[1]["state"] == "building"  # a cold cache: it builds
    time.sleep(1.0)
    code, err, took = server.stop(signal.SIGINT)
    assert code == 130 and took < 1.5, err
    assert err == "coach: stopped.\n"
    folder = tmp_path / "cache" / "sessions"
    assert not folder.exists() or not [p for p in folder.iterdir() if p.suffix == ".mp3"]


def test_a_second_server_on_the_same_port_says_so_in_one_line(served, env):
    done = subprocess.run([sys.executable, "-m", "coach", "serve", "--host", HOST, "--port", str(served.port)],
                          env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"coach: port {served.port} is already in use on {HOST} (another coach serve?); choose another with --port\n"


def test_an_address_not_on_this_machine_is_one_line_and_nothing_is_sent(env):
    # 192.0.2.1 is a documentation address (RFC 5737): binding to it fails here and sends nothing
    done = run_coach(env, "serve", "--host", "192.0.2.1", "--port", str(free_port()))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "coach: 192.0.2.1 is not an address of this machine; leave out --host to use its address on the local network\n"
    done = run_coach(env, "serve", "--host", "my-laptop")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "--host" in done.stderr
