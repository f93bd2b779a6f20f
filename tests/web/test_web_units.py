"""The pure parts of `coach serve`: which address it offers, and one build however many ask.

The choice of address is tested with lists of addresses: nothing is sent.
The builds table runs a real worker thread with a make function that counts.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from coach.errors import InputError
from coach.web.address import checked_host, pick_host, url
from coach.web.builds import Builds


def test_the_offered_address_is_the_local_network_one():
    assert pick_host(["127.0.0.1", "169.254.7.7", "192.168.1.20"]) == "192.168.1.20"
    assert pick_host(["fe80::1", "2001:db8::5", "10.0.0.7"]) == "10.0.0.7"  # IPv4 first: phones type it
    assert pick_host(["93.184.216.34", "172.16.4.2"]) == "172.16.4.2"  # a private one before a public one
    assert pick_host(["127.0.0.1", "::1", "0.0.0.0", "not an address"]) is None  # the caller falls back to loopback
    assert pick_host([]) is None


def test_a_typed_host_is_an_address_and_the_link_brackets_ipv6():
    assert checked_host("localhost") == "127.0.0.1"
    assert checked_host("[::1]") == "::1"
    with pytest.raises(InputError, match="--host: expected an IP address"):
        checked_host("my-laptop.local")
    assert url("::1", 8765, "s3cret") == "http://[::1]:8765/s3cret/"
    assert url("192.168.1.20", 8765, "s3cret") == "http://192.168.1.20:8765/s3cret/"


def test_one_build_however_many_ask_and_a_finished_one_is_found_again(tmp_path):
    calls, gate = [], threading.Event()

    def make(path, voice_progress, write_progress):
        calls.append(path)
        gate.wait(5)
        voice_progress(1, 1)
        write_progress(10, 10)
        path.write_bytes(b"audio")
        return {"title": "t"}

    builds = Builds(tmp_path)
    asked = [builds.ask("a" * 32, "mp3", make) for _ in range(8)]
    assert all(b is asked[0] for b in asked) and asked[0].state == "building"
    gate.set()
    assert asked[0].finished.wait(5) and asked[0].state == "ready"
    assert len(calls) == 1
    assert builds.plan_of("a" * 32) == {"title": "t"}
    again = Builds(tmp_path).ask("a" * 32, "mp3", make)  # a restarted server finds the files
    assert again.state == "ready" and len(calls) == 1
    assert json.loads((tmp_path / ("a" * 32 + ".plan.json")).read_text()) == {"title": "t"}


def test_a_failed_build_says_why_and_stopping_cancels_one_in_progress(tmp_path):
    def broken(path, voice_progress, write_progress):
        raise InputError("no such voice")

    builds = Builds(tmp_path)
    failed = builds.ask("b" * 32, "mp3", broken)
    assert failed.finished.wait(5) and failed.state == "failed" and failed.error == "no such voice"

    def slow(path, voice_progress, write_progress):
        for n in range(1000):
            voice_progress(n, 1000)
            time.sleep(0.01)
        return {}

    running = builds.ask("c" * 32, "mp3", slow)
    time.sleep(0.1)
    builds.stop(wait=2)
    assert running.finished.is_set() and running.state == "failed" and "stopped" in running.error
    assert not (tmp_path / ("c" * 32 + ".mp3")).exists()


def test_only_the_newest_sessions_are_kept_and_never_one_handed_out(tmp_path):
    import os

    from coach.web.builds import KEPT

    old = f"{0:032x}"
    for n in range(KEPT + 6):  # session n last touched at time 1000 + n; session 0 the oldest
        for suffix in ("mp3", "plan.json"):
            path = tmp_path / f"{n:032x}.{suffix}"
            path.write_bytes(b"x")
            os.utime(path, (1000 + n, 1000 + n))
    (tmp_path / f".{old}.mp3.part-1-abcdefgh").write_bytes(b"")  # another run's file being written: not ours to judge
    builds = Builds(tmp_path)
    served = builds.ask(old, "mp3", lambda *a: {})  # found on disk: ready, and handed out
    assert served.state == "ready"

    def make(path, voice_progress, write_progress):
        path.write_bytes(b"new")
        return {}

    fresh = builds.ask("f" * 32, "mp3", make)
    assert fresh.finished.wait(5) and fresh.state == "ready"
    left = {p.name.split(".")[0] for p in tmp_path.glob("*.*") if not p.name.startswith(".")}
    newest = {f"{n:032x}" for n in range(KEPT + 6)} - {f"{n:032x}" for n in range(7)}  # KEPT - 1 of them, and the new one
    assert left == newest | {"f" * 32, old}
    assert (tmp_path / f"{old}.mp3").exists() and (tmp_path / f".{old}.mp3.part-1-abcdefgh").exists()
