// What the player's screen says at a time of the session, from the plan (`coach plan --json`).
// Pure: describe(prepared, t) reads nothing but its arguments, so the screen says what the
// audio says at audio.currentTime, whatever happened before (paused, seeked, locked for minutes).
"use strict";

(function () {
  // Cues after which a drill's count starts afresh (a new side, round, position or the end).
  const RESET = new Set(["drill", "howto", "position", "switch", "set", "move", "release", "rest", "finish", "done"]);

  function prepare(plan) {
    const drills = plan.drills.map(function (d, index) {
      const events = plan.events.filter(function (e) {
        return e.drill === d.id && e.t >= d.start - 1e-6 && e.t <= d.end + 1e-6;
      });
      return { id: d.id, name: d.name, start: d.start, end: d.end, index: index, events: events };
    });
    return { plan: plan, drills: drills, chapters: plan.chapters, duration: plan.duration };
  }

  function lastAtOrBefore(items, t, key) {
    let found = -1;
    for (let i = 0; i < items.length; i++) {
      if (items[i][key] <= t + 1e-6) found = i;
      else break;
    }
    return found;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function capital(word) {
    return word ? word.charAt(0).toUpperCase() + word.slice(1) : "";
  }

  function sideOf(events) {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e.side) {
        let text = capital(e.side) + (e.lead ? " leads" : "");
        if (e.direction) text += " \u00b7 " + e.direction;
        return text;
      }
    }
    return "";
  }

  function countOf(events, t) {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e.cue === "rep" && e.rep != null) return String(e.rep);
      if (e.cue === "hold" && e.seconds != null) {
        const end = e.t + e.length + e.seconds;  // a hold's seconds count from the end of "Hold"
        return t < end ? Math.ceil(end - t - 1e-6) + " s" : "";
      }
      if (e.cue === "leg" && e.meters != null) return e.meters + " m";
      if (RESET.has(e.cue)) return "";
    }
    return "";
  }

  function chapterAt(prepared, t) {
    const i = lastAtOrBefore(prepared.chapters, t, "start");
    return Math.max(0, i);
  }

  // {drill, side, count, next, chapter, drillIndex} at t seconds.
  function describe(prepared, t) {
    const drills = prepared.drills;
    const chapter = chapterAt(prepared, t);
    const i = lastAtOrBefore(drills, t, "start");
    if (i >= 0 && t < drills[i].end) {
      const d = drills[i];
      const heard = d.events.filter(function (e) { return e.t <= t + 1e-6; });
      const after = drills[i + 1];
      return {
        drill: d.name, side: sideOf(heard), count: countOf(heard, t),
        next: after ? "Next: " + after.name : "Next: the end", chapter: chapter, drillIndex: i,
      };
    }
    const upcoming = drills[i + 1];
    if (!upcoming) {
      return { drill: t >= prepared.duration - 0.05 ? "Finished" : "Finishing", side: "", count: "",
               next: "Well done.", chapter: chapter, drillIndex: drills.length };
    }
    const title = (prepared.chapters[chapter] || {}).title || "";
    const label = i < 0 || (i >= 0 && title !== drills[i].name) ? title || "Introduction" : "Rest";
    return {
      drill: label + " \u2014 next: " + upcoming.name, side: "", count: clock(upcoming.start - t),
      next: "Next: " + upcoming.name + " in " + clock(upcoming.start - t), chapter: chapter, drillIndex: i,
    };
  }

  window.CoachDisplay = { prepare: prepare, describe: describe, clock: clock };
})();
