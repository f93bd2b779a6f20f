// coach's page: the routines, a routine's sheet, leg times and player. Plain DOM, no framework.
"use strict";

(function () {
  const base = document.body.dataset.base;  // "/<secret>/", from the server
  const root = document.getElementById("app");
  const D = window.CoachDisplay;
  let stopPlayer = function () {};

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== false && v != null) node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of [].concat(children || [])) if (child) node.append(child);
    return node;
  }

  async function api(path, options) {
    const answer = await fetch(base + path, Object.assign({ cache: "no-store" }, options || {}));
    let body = {};
    try { body = await answer.json(); } catch (e) { body = { error: "the computer sent no answer" }; }
    if (!answer.ok) throw new Error(body.error || answer.statusText);
    return body;
  }

  function minutes(seconds) { return D.clock(seconds); }

  function problem(message) {
    return el("p", { class: "problem", role: "alert", text: message });
  }

  // Home: every routine with its drill count and time with the runner's settings.
  async function home() {
    document.title = "coach";
    root.replaceChildren(el("h1", { text: "Your routines" }), el("p", { class: "quiet", text: "Getting them ready\u2026" }));
    try {
      const data = await api("api/routines");
      const list = el("ul", { class: "routines" }, data.routines.map(function (r) {
        return el("li", {}, el("a", { href: base + "routine/" + encodeURIComponent(r.slug), class: "routine-link",
                                      "data-slug": r.slug }, [
          el("span", { class: "title", text: r.title }),
          el("span", { class: "quiet", text: r.drills + " drills \u00b7 " + minutes(r.duration) + " (" + r.level + ")" }),
        ]));
      }));
      root.replaceChildren(el("h1", { text: "Your routines" }), list,
        el("p", { class: "quiet", text: "Tap one to see its drills, set your leg times and play it." }));
    } catch (err) {
      root.replaceChildren(el("h1", { text: "Your routines" }), problem(err.message));
    }
  }

  // A routine: player, level, leg times, downloads, drill sheet.
  async function routine(slug) {
    const params = new URLSearchParams(location.search);
    let level = params.get("level");
    const status = el("p", { id: "status", class: "status", role: "status" });
    const bar = el("progress", { id: "build-progress", max: "1", value: "0", hidden: true });
    root.replaceChildren(el("p", {}, el("a", { href: base, text: "\u2190 All routines" })), status, bar);
    let info;
    try {
      info = await api("api/routine/" + encodeURIComponent(slug) + (level ? "?level=" + level : ""));
    } catch (err) {
      root.append(problem(err.message));
      return;
    }
    level = info.level;
    document.title = info.title + " \u2013 coach";
    const player = playerView(info);
    root.replaceChildren(
      el("p", {}, el("a", { href: base, text: "\u2190 All routines" })),
      el("h1", { id: "title", text: info.title }),
      el("p", { id: "length", class: "quiet", text: info.drills.length + " drills \u00b7 " + minutes(info.duration) + " at " + level }),
      status, bar, player.node, levelView(info), pacesView(info, slug), downloadsView(), sheetView(info));
    build(slug, level, info, player, status, bar);
  }

  function levelView(info) {
    return el("section", { class: "levels" }, [
      el("h2", { text: "Level" }),
      el("div", { class: "choices" }, info.levels.map(function (name) {
        return el("button", { type: "button", class: name === info.level ? "chosen" : "", "aria-pressed": String(name === info.level),
          "data-level": name, text: name, onclick: function () {
            history.replaceState(null, "", base + "routine/" + encodeURIComponent(info.slug) + "?level=" + name);
            show();
          } });
      })),
    ]);
  }

  function pacesView(info, slug) {
    if (!info.paces.length) return null;
    const rows = info.paces.map(function (p) {
      const input = el("input", { type: "number", inputmode: "decimal", step: "0.1", min: info.pace_range[0], max: info.pace_range[1],
        value: p.seconds, id: "pace-" + p.drill, "aria-label": p.name + ": seconds for one " + p.meters + " m leg" });
      const message = el("p", { class: "message", "aria-live": "polite" });
      let started = null;
      let tick = null;
      const timer = el("button", { type: "button", class: "timer", id: "time-" + p.drill, text: "Start" });
      async function save(seconds) {
        try {
          const saved = await api("api/pace", { method: "POST", headers: { "content-type": "application/json" },
            body: JSON.stringify({ routine: slug, drill: p.drill, seconds: seconds }) });
          message.textContent = "Saved: " + saved.seconds + " s a leg. Making the session again\u2026";
          setTimeout(show, 300);
        } catch (err) {
          message.textContent = err.message;
          message.className = "message problem";
        }
      }
      timer.addEventListener("click", function () {
        if (started === null) {
          started = performance.now();
          timer.textContent = "Stop";
          tick = setInterval(function () { input.value = ((performance.now() - started) / 1000).toFixed(1); }, 100);
        } else {
          clearInterval(tick);
          const seconds = Math.round((performance.now() - started) / 100) / 10;
          started = null;
          timer.textContent = "Start";
          input.value = seconds;
          save(seconds);
        }
      });
      const saveButton = el("button", { type: "button", id: "save-" + p.drill, text: "Save",
        onclick: function () { save(Number(input.value)); } });
      return el("li", { class: "pace" }, [
        el("label", { for: "pace-" + p.drill, text: p.name + (p.own ? " (your time)" : " (coach's guess)") }),
        el("div", { class: "pace-row" }, [input, el("span", { text: "s" }), saveButton, timer]),
        message,
      ]);
    });
    return el("section", { class: "paces" }, [
      el("h2", { text: "Your 20 m legs" }),
      el("p", { class: "quiet", text: "Type your time for one leg, or tap Start, do the 20 m, tap Stop. " +
        "It is saved like coach pace saves it, and the session is made again with it." }),
      el("ul", {}, rows),
    ]);
  }

  function downloadsView() {
    return el("section", { class: "downloads" }, [
      el("h2", { text: "Download for the track" }),
      el("p", { class: "quiet", text: "The page needs this Wi-Fi; a downloaded file plays anywhere." }),
      el("ul", { id: "downloads" }),
    ]);
  }

  function sheetView(info) {
    const items = info.drills.map(function (d, i) {
      return el("li", {}, [
        el("h3", { text: (i + 1) + ". " + d.name }),
        el("p", { text: "Dose: " + d.dose }),
        el("p", { text: "Start: " + d.position }),
        ...d.how.map(function (line) { return el("p", { text: line }); }),
        d.tip ? el("p", { class: "quiet", text: "Tip: " + d.tip }) : null,
      ]);
    });
    return el("section", { class: "sheet" }, [
      el("h2", { text: "The drills" }),
      info.summary ? el("p", { text: info.summary }) : null,
      el("p", { text: info.drills.length + " drills, " + info.rest + " s rest between them." }),
      ...info.before.map(function (line) { return el("p", { text: "Before you start: " + line }); }),
      el("ol", { class: "drills" }, items),
    ]);
  }

  function playerView(info) {
    const audio = el("audio", { id: "audio", preload: "auto", controls: true });
    const node = el("section", { class: "player", id: "player", hidden: true }, [
      el("div", { class: "now" }, [
        el("p", { id: "now-drill", class: "now-drill", text: "" }),
        el("p", { id: "now-side", class: "now-side", text: "" }),
        el("p", { id: "now-count", class: "now-count", text: "" }),
        el("p", { id: "next", class: "next", text: "" }),
      ]),
      el("div", { id: "chapters", class: "chapters" }, el("div", { id: "played", class: "played" })),
      el("div", { class: "controls" }, [
        el("button", { type: "button", id: "previous", "aria-label": "Previous drill", text: "\u00ab Back" }),
        el("button", { type: "button", id: "play", class: "play", text: "Play" }),
        el("button", { type: "button", id: "forward", "aria-label": "Next drill", text: "Next \u00bb" }),
      ]),
      audio,
    ]);
    return { node: node, audio: audio };
  }

  async function build(slug, level, info, player, status, bar) {
    const query = "api/session/" + encodeURIComponent(slug) + "?level=" + level;
    let session;
    for (;;) {
      try {
        session = await api(query);
      } catch (err) {
        status.replaceChildren(problem(err.message));
        return;
      }
      if (session.state === "ready") break;
      if (session.state === "failed") {
        status.replaceChildren(problem("Could not make the session: " + session.error));
        return;
      }
      bar.hidden = false;
      if (session.phase === "voice" && session.total) {
        status.textContent = "Preparing the voice: " + session.done + " of " + session.total + " lines";
        bar.value = 0.5 * session.done / session.total;
      } else if (session.phase === "audio" && session.total) {
        status.textContent = "Making the audio: " + Math.floor(100 * session.done / session.total) + "%";
        bar.value = 0.5 + 0.5 * session.done / session.total;
      } else {
        status.textContent = "Making the session\u2026";
      }
      await new Promise(function (done) { setTimeout(done, 400); });
      if (!document.body.contains(status)) return;  // the runner went elsewhere
    }
    const plan = await api("api/plan/" + session.id);
    bar.hidden = true;
    status.textContent = "Ready: " + minutes(plan.duration) + ". Tap Play.";
    status.dataset.sessionId = session.id;
    status.dataset.duration = String(plan.duration);
    downloads(session);
    startPlayer(player, plan, session, info);
  }

  function downloads(session) {
    const list = document.getElementById("downloads");
    list.replaceChildren(...Object.entries(session.files).map(function ([fmt, f]) {
      return el("li", {}, [
        el("a", { href: f.url + "?download=1", download: f.name, type: f.type, id: "download-" + fmt, text: f.name }),
        el("span", { class: "quiet", text: " " + f.about + " (" + f.type + ")" }),
      ]);
    }));
  }

  function startPlayer(player, plan, session, info) {
    stopPlayer();
    const audio = player.audio;
    const prepared = D.prepare(plan);
    const shown = {};
    const ids = { drill: "now-drill", side: "now-side", count: "now-count", next: "next" };
    const nodes = {};
    for (const [k, id] of Object.entries(ids)) nodes[k] = document.getElementById(id);
    const chapters = document.getElementById("chapters");
    const played = document.getElementById("played");
    const marks = plan.chapters.map(function (c, i) {
      const mark = el("button", { type: "button", class: "chapter", "data-index": String(i), "data-start": String(c.start),
        title: c.title + " (" + minutes(c.start) + ")", "aria-label": "Jump to " + c.title,
        onclick: function () { jump(c.start); } });
      mark.style.left = (100 * c.start / plan.duration) + "%";
      mark.style.width = (100 * (c.end - c.start) / plan.duration) + "%";
      return mark;
    });
    chapters.replaceChildren(played, ...marks);
    audio.src = session.files.mp3.url;
    player.node.hidden = false;
    const play = document.getElementById("play");
    play.onclick = function () { if (audio.paused) audio.play(); else audio.pause(); };
    document.getElementById("previous").onclick = previous;
    document.getElementById("forward").onclick = forward;
    audio.addEventListener("play", function () { play.textContent = "Pause"; });
    audio.addEventListener("pause", function () { play.textContent = "Play"; });

    function jump(t) {
      audio.currentTime = Math.max(0, Math.min(t, plan.duration));
      update();
    }
    function forward() {
      const now = D.describe(prepared, audio.currentTime).chapter;
      if (now + 1 < plan.chapters.length) jump(plan.chapters[now + 1].start);
    }
    function previous() {
      const now = D.describe(prepared, audio.currentTime).chapter;
      const start = plan.chapters[now].start;
      jump(audio.currentTime - start > 3 || now === 0 ? start : plan.chapters[now - 1].start);
    }

    let lastDrill = null;
    function update() {
      const t = audio.currentTime || 0;
      const now = D.describe(prepared, t);
      for (const k of Object.keys(ids)) {
        if (shown[k] !== now[k]) { nodes[k].textContent = now[k]; shown[k] = now[k]; }
      }
      played.style.width = (100 * Math.min(1, t / plan.duration)) + "%";
      if (shown.chapter !== now.chapter) {
        marks.forEach(function (m, i) { m.classList.toggle("current", i === now.chapter); });
        shown.chapter = now.chapter;
      }
      if (now.drill !== lastDrill) {
        lastDrill = now.drill;
        media(now.drill);
      }
    }
    function media(title) {
      if (!("mediaSession" in navigator) || typeof MediaMetadata === "undefined") return;
      navigator.mediaSession.metadata = new MediaMetadata({ title: title, artist: "coach", album: info.title,
        artwork: [{ src: base + "static/icon.svg", sizes: "any", type: "image/svg+xml" }] });
    }
    if ("mediaSession" in navigator) {
      const handlers = {
        play: function () { audio.play(); }, pause: function () { audio.pause(); },
        nexttrack: forward, previoustrack: previous,
        seekto: function (d) { jump(d.seekTime); },
        seekbackward: function (d) { jump(audio.currentTime - (d.seekOffset || 10)); },
        seekforward: function (d) { jump(audio.currentTime + (d.seekOffset || 10)); },
      };
      for (const [name, handler] of Object.entries(handlers)) {
        try { navigator.mediaSession.setActionHandler(name, handler); } catch (e) { /* not offered here */ }
      }
    }
    let frame = 0;
    let running = true;
    function loop() {  // every animation frame: the screen follows audio.currentTime
      if (!running) return;
      update();
      frame = requestAnimationFrame(loop);
    }
    ["seeked", "timeupdate", "loadedmetadata"].forEach(function (name) { audio.addEventListener(name, update); });
    document.addEventListener("visibilitychange", update);
    update();
    frame = requestAnimationFrame(loop);
    stopPlayer = function () { running = false; cancelAnimationFrame(frame); audio.pause(); };
  }

  function show() {
    stopPlayer();
    const rest = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : "";
    const match = /^routine\/([^/]+)$/.exec(rest);
    if (match) routine(decodeURIComponent(match[1]));
    else home();
  }

  document.addEventListener("click", function (event) {  // links inside the page load no new page
    const link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || !link.getAttribute("href").startsWith(base)) return;
    event.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    show();
  });
  window.addEventListener("popstate", show);
  show();
})();
