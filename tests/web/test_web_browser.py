"""The page in a real headless Chromium at a phone's size, against a real `coach serve` (loopback only).

Debian's chromium and chromium-driver, driven by selenium. The display is
checked against the plan the server gives, which is `coach plan --json`.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest

from support.served import VOICE
from support.tools import require, run_coach

PHONE = (390, 844)  # CSS pixels: a phone held upright
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                  "--autoplay-policy=no-user-gesture-required", "--mute-audio")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or require("chromium", "chromium")
    driver_path = require("chromedriver", "chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument(f"--window-size={PHONE[0]},{PHONE[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_window_size(*PHONE)
    yield driver
    driver.quit()


def _text(browser, element_id: str) -> str:
    return browser.execute_script(f"return document.getElementById('{element_id}').textContent")


def _wait(condition, timeout: float = 10, what: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


def _seek(browser, t: float) -> None:
    browser.execute_script("const a = document.getElementById('audio'); a.pause(); a.currentTime = arguments[0];", t)
    _wait(lambda: browser.execute_script(
        "const a = document.getElementById('audio'); return !a.seeking && Math.abs(a.currentTime - arguments[0]) < 0.01;", t),
        what=f"the seek to {t}")


def _shown(browser) -> dict:
    time.sleep(0.05)  # a few animation frames
    return {k: _text(browser, k) for k in ("now-drill", "now-side", "now-count", "next")}


def _built(browser, served, timeout=150, other_than: str | None = None) -> dict:
    """Wait for the page's session to be built and its audio loaded; the plan (from the server)."""
    def ready():
        found = browser.execute_script(
            "const s = document.getElementById('status'); const a = document.getElementById('audio');"
            "return s && s.dataset.sessionId && a && a.readyState >= 1 ? s.dataset.sessionId : null;")
        return found if found and found != other_than else None

    session = _wait(ready, timeout, "the session to be built")
    return served.get_json(f"api/plan/{session}")[1]


def _expected_side(plan, drill, t) -> str:
    sided = [e for e in plan["events"] if e["drill"] == drill["id"] and drill["start"] <= e["t"] <= t and e["side"]]
    return sided[-1]["side"].capitalize() if sided else ""


def test_the_page_plays_the_plan_on_a_phone(browser, served, env, tmp_path):
    from selenium.webdriver.common.by import By

    started = time.monotonic()
    browser.get(served.url)
    first_page = time.monotonic() - started
    link = _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "a.routine-link[data-slug='pre-run']"), 30, "the home list")
    assert "6 drills" in link[0].text
    link[0].click()
    plan = _built(browser, served)  # a cold cache: the voice speaks every line first
    printed = json.loads(run_coach(env, "plan", "pre-run", "--json", *VOICE).stdout)
    assert plan == printed
    duration = browser.execute_script("return document.getElementById('audio').duration")
    assert duration == pytest.approx(plan["duration"], abs=0.05)

    # Big, readable type: the drill name 24 px or more, the count 40 px or more, contrast 7:1 or more.
    sizes = browser.execute_script(
        "return ['now-drill', 'now-count'].map(id => parseFloat(getComputedStyle(document.getElementById(id)).fontSize));")
    assert sizes[0] >= 24 and sizes[1] >= 40
    for element_id in ("now-drill", "now-side", "now-count", "next", "status"):
        assert _contrast(browser, element_id) >= 7, element_id

    # At every drill's middle: its name and side; at counted reps: the rep and the side.
    for drill in plan["drills"]:
        middle = round((drill["start"] + drill["end"]) / 2, 3)
        _seek(browser, middle)
        shown = _shown(browser)
        assert shown["now-drill"] == drill["name"], middle
        assert shown["now-side"].startswith(_expected_side(plan, drill, middle)), (middle, shown)
    reps = [e for e in plan["events"] if e["cue"] == "rep"]
    for event in reps[:: max(1, len(reps) // 12)] + [reps[-1]]:
        _seek(browser, event["t"] + 0.1)
        shown = _shown(browser)
        assert shown["now-count"] == str(event["rep"]), (event, shown)
        assert shown["now-side"].startswith(event["side"].capitalize()), (event, shown)
    _seek(browser, 1.0)
    assert _shown(browser)["now-drill"] == "Introduction \u2014 next: " + plan["drills"][0]["name"]
    rest = (plan["drills"][0]["end"] + plan["drills"][1]["start"]) / 2
    _seek(browser, rest)
    assert _shown(browser)["now-drill"] == "Rest \u2014 next: " + plan["drills"][1]["name"]

    # A screenshot of the player at mid-drill, for the record (the test's own folder, not the repository).
    drill = plan["drills"][2]
    _seek(browser, round((drill["start"] + drill["end"]) / 2 + 1.0, 3))
    browser.execute_script("document.getElementById('player').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "player-mid-drill.png"))
    print(f"screenshot: {tmp_path / 'player-mid-drill.png'}; first page in {first_page:.2f} s")

    # Play moves the clock; tapping a chapter jumps there.
    _seek(browser, 30.0)
    browser.find_element(By.ID, "play").click()
    _wait(lambda: browser.execute_script("return document.getElementById('audio').currentTime") > 30.5, 10, "play")
    browser.find_element(By.ID, "play").click()  # pause
    chapter = plan["chapters"][3]
    browser.find_element(By.CSS_SELECTOR, ".chapter[data-index='3']").click()
    now = browser.execute_script("return document.getElementById('audio').currentTime")
    assert now == pytest.approx(chapter["start"], abs=0.01)
    assert _shown(browser)["now-drill"] == chapter["title"]

    media = browser.execute_script(
        "const m = navigator.mediaSession.metadata; return m ? [m.title, m.album] : null;")
    assert media == [chapter["title"], plan["title"]]
    assert _severe(browser) == []


def test_tap_timing_a_leg_saves_it_and_makes_the_session_again(browser, served, env):
    from selenium.webdriver.common.by import By

    old = _built(browser, served)
    before = browser.execute_script("return document.getElementById('audio').duration")
    old_id = browser.execute_script("return document.getElementById('status').dataset.sessionId")
    timer = browser.find_element(By.ID, "time-knee-drive-crossover")
    browser.execute_script("arguments[0].scrollIntoView()", timer)
    timer.click()
    time.sleep(2.6)
    timer.click()
    plan = _built(browser, served, other_than=old_id)
    assert plan["duration"] < old["duration"] - 5  # two 2.6 s legs instead of the guessed time
    shown = run_coach(env, "config", "show").stdout
    saved = [line for line in shown.splitlines() if "pace.knee-drive-crossover" in line]
    assert saved and 2.5 <= float(saved[0].split()[1]) <= 3.5
    printed = json.loads(run_coach(env, "plan", "pre-run", "--json", *VOICE).stdout)  # with the saved pace
    assert plan == printed
    after = _wait(lambda: browser.execute_script(
        "const a = document.getElementById('audio'); return a.readyState >= 1 ? a.duration : null;"), 20, "the new audio")
    assert after == pytest.approx(printed["duration"], abs=0.05) and after < before
    assert _severe(browser) == []


def _severe(browser) -> list:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


CONTRAST = """
function lum(c) {
  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
let el = document.getElementById(arguments[0]);
const fg = getComputedStyle(el).color;
let bg = 'rgba(0, 0, 0, 0)';
for (let n = el; n; n = n.parentElement) {
  const c = getComputedStyle(n).backgroundColor;
  if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; }
}
if (bg === 'rgba(0, 0, 0, 0)') bg = getComputedStyle(document.documentElement).backgroundColor;
const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
return (a + 0.05) / (b + 0.05);
"""


def _contrast(browser, element_id: str) -> float:
    return browser.execute_script(CONTRAST, element_id)
