/* 光荣榜 hallway screen: rotation, pause, clock, night schedule and new-build pickup.
 *
 * Plain ES2017, no dependencies, no build step. Every slide is in the HTML from the start and
 * this script only toggles `hidden` on them: it never creates slide nodes, and one interval
 * (never recreated) drives everything, so a day of rotation does not grow memory.
 *
 * Query string: ?orientation=portrait|landscape  ?seconds=N (pace)  ?poll=N (seconds between
 * version checks, 0 = never)  ?now=HH:MM (fixes the time of day, for tests and previews).
 */
(function () {
  "use strict";

  var root = document.querySelector(".hb-screen");
  if (!root) return;

  var TICK = 250; // ms: progress, clock, schedule and polling all run off this one interval
  var WEEKDAYS = "日一二三四五六";
  var params = new URLSearchParams(window.location.search);

  function numberParam(name, fallback, min, max) {
    var value = Number(params.get(name));
    return params.has(name) && isFinite(value) && value >= min && value <= max ? value : fallback;
  }
  function clockMinutes(text) {
    var match = /^(\d{1,2}):(\d{2})$/.exec(text || "");
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
    return Number(match[1]) * 60 + Number(match[2]);
  }
  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  var orientation = params.get("orientation");
  if (orientation === "portrait" || orientation === "landscape") {
    root.setAttribute("data-orientation", orientation);
  }
  var seconds = numberParam("seconds", Number(root.getAttribute("data-seconds")) || 12, 1, 3600);
  var pollSeconds = numberParam("poll", 60, 0, 86400);
  var fixedTime = clockMinutes(params.get("now"));
  var nightFrom = clockMinutes(root.getAttribute("data-night-from"));
  var nightTo = clockMinutes(root.getAttribute("data-night-to"));
  var nightMode = root.getAttribute("data-night-mode") === "still" ? "still" : "dim";
  var versionUrl = root.getAttribute("data-version");

  var slides = Array.prototype.slice.call(root.querySelectorAll(".hb-slide"));
  var stage = root.querySelector(".hb-screen__stage");
  var bar = root.querySelector(".hb-screen__bar");
  var button = root.querySelector(".hb-screen__pause");
  var fill = root.querySelector(".hb-screen__bar-fill");
  var remaining = root.querySelector(".hb-screen__remaining");
  var counter = root.querySelector(".hb-screen__count");
  var dateText = root.querySelector(".hb-screen__date");
  var timeText = root.querySelector(".hb-screen__time");
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  var index = 0;
  var paused = false; // by the viewer
  var night = ""; // "", "dim" or "still"
  var elapsed = 0; // ms the current slide has been shown, not counting pauses
  var lastTick = performance.now();
  var shownSecond = -1;
  var fresh = true; // the slide was shown since the last tick: the bar jumps, it does not slide back
  var shownMinute = "";
  var lastMove = 0;
  var knownVersion = null;
  var polling = false;
  var lastPoll = -Infinity;

  // -- fitting text, once per slide ------------------------------------------------------------
  // A heading or name wider than its line (it breaks only at spaces) is set smaller on its own
  // (--line); then, while anything on the slide overflows, all its type is set smaller (--fit).
  // Only when that is not enough may words break anywhere (.is-wrapped).
  function overflows(box) {
    if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) return true;
    var all = box.getElementsByTagName("*");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var clipped = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
      if (el.clientHeight && clipped) return true;
    }
    return false;
  }
  function shrink(box) {
    var scale = 1;
    box.style.setProperty("--fit", "1");
    while (scale > 0.4 && overflows(box)) {
      scale *= 0.92;
      box.style.setProperty("--fit", scale.toFixed(3));
    }
    return scale;
  }
  function fit(box) {
    if (box.hasAttribute("data-fit")) return;
    box.classList.remove("is-wrapped");
    box.style.setProperty("--fit", "1");
    var big = box.querySelectorAll(".hb-slide__heading, .hb-slide__name");
    for (var i = 0; i < big.length; i++) {
      var line = 1;
      big[i].style.removeProperty("--line");
      while (line > 0.5 && big[i].scrollWidth > big[i].clientWidth) {
        line *= 0.94;
        big[i].style.setProperty("--line", line.toFixed(3));
      }
    }
    var scale = shrink(box);
    if (overflows(box)) {
      box.classList.add("is-wrapped");
      scale = shrink(box);
    }
    box.setAttribute("data-fit", scale.toFixed(3));
  }
  function refit() {
    for (var i = 0; i < slides.length; i++) slides[i].removeAttribute("data-fit");
    bar.removeAttribute("data-fit");
    fit(bar);
    fit(slides[index]);
  }

  // -- showing slides -------------------------------------------------------------------------
  function show(target) {
    var n = slides.length;
    if (!n) return;
    target = ((target % n) + n) % n;
    if (target !== index) {
      slides[target].hidden = false;
      slides[index].hidden = true;
      index = target;
    }
    fit(slides[index]);
    elapsed = 0;
    shownSecond = -1;
    counter.textContent = index + 1 + " / " + n;
    fresh = true;
    fill.style.transition = "none";
    fill.style.transform = "scaleX(0)";
  }
  function next() {
    if (night !== "still") show(index + 1);
  }
  function previous() {
    if (night !== "still") show(index - 1);
  }
  function duration() {
    return seconds * 1000 * (night === "dim" ? 3 : 1);
  }

  function setPaused(value) {
    paused = value;
    shownSecond = -1;
    button.setAttribute("aria-pressed", value ? "true" : "false");
    button.textContent = value ? "继续" : "暂停";
    root.classList.toggle("is-paused", value);
    // A rotating carousel must not talk over the viewer; a paused one announces changes.
    stage.setAttribute("aria-live", value ? "polite" : "off");
  }

  // -- progress, once per tick ----------------------------------------------------------------
  function progress() {
    var total = duration();
    var share = Math.min(elapsed / total, 1);
    if (reducedMotion && reducedMotion.matches) {
      var left = Math.max(Math.ceil((total - elapsed) / 1000), 0);
      if (left !== shownSecond) {
        shownSecond = left;
        remaining.textContent = paused ? "已暂停" : left + " 秒后翻页";
      }
      return;
    }
    if (fresh) fresh = false;
    else fill.style.transition = "";
    fill.style.transform = "scaleX(" + share.toFixed(3) + ")";
  }

  // -- clock and night schedule ---------------------------------------------------------------
  function minuteOfDay(now) {
    return fixedTime === null ? now.getHours() * 60 + now.getMinutes() : fixedTime;
  }
  function isNight(minute) {
    if (nightFrom === null || nightTo === null || nightFrom === nightTo) return false;
    return nightFrom < nightTo
      ? minute >= nightFrom && minute < nightTo
      : minute >= nightFrom || minute < nightTo; // e.g. 20:00 until 07:30
  }
  function updateClock() {
    var now = new Date();
    var minute = minuteOfDay(now);
    var stamp = now.toDateString() + minute;
    if (stamp === shownMinute) return;
    shownMinute = stamp;
    var hh = pad(Math.floor(minute / 60));
    var mm = pad(minute % 60);
    dateText.textContent = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() +
      "日 星期" + WEEKDAYS[now.getDay()];
    timeText.textContent = hh + ":" + mm;
    bar.removeAttribute("data-fit");
    fit(bar);
    setNight(isNight(minute) ? nightMode : "");
  }
  function setNight(mode) {
    if (mode === night) return;
    night = mode;
    root.classList.toggle("is-night-dim", mode === "dim");
    root.classList.toggle("is-night-still", mode === "still");
    if (mode === "still") show(0);
  }

  // -- picking up a new build -----------------------------------------------------------------
  function poll() {
    var local = window.location.protocol === "file:"; // browsers do not fetch from file://
    if (polling || local || !versionUrl || !pollSeconds || !window.fetch) return;
    polling = true;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 15000) : 0;
    fetch(versionUrl, { cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var version = data && typeof data.version === "string" ? data.version : null;
        if (version === null) return;
        if (knownVersion === null) knownVersion = version;
        else if (version !== knownVersion) window.location.reload();
      })
      .catch(function () {
        // Offline, file://, 404, half-written file: keep showing what we have.
      })
      .then(function () {
        clearTimeout(timer);
        polling = false;
      });
  }

  // -- the one interval -----------------------------------------------------------------------
  function tick() {
    var now = performance.now();
    var step = Math.min(now - lastTick, 5000); // after a sleep, do not skip slides
    lastTick = now;
    updateClock();
    if (!paused && night !== "still" && slides.length > 1) {
      elapsed += step;
      if (elapsed >= duration()) show(index + 1);
    }
    progress();
    if (pollSeconds && now - lastPoll >= pollSeconds * 1000) {
      lastPoll = now;
      poll();
    }
    root.classList.toggle("is-idle", now - lastMove > 3000);
  }

  // -- input: keyboard and TV remote, button (click or touch), swipe --------------------------
  function toggle() {
    setPaused(!paused);
  }
  // Keyboards, TV remotes (arrows, OK = Enter, media keys) and presentation clickers (PageUp/Down).
  var KEYS = {
    " ": toggle,
    Spacebar: toggle,
    Enter: toggle,
    k: toggle,
    K: toggle,
    MediaPlayPause: toggle,
    MediaPause: function () { setPaused(true); },
    MediaStop: function () { setPaused(true); },
    MediaPlay: function () { setPaused(false); },
    ArrowRight: next,
    ArrowDown: next,
    PageDown: next,
    MediaTrackNext: next,
    ArrowLeft: previous,
    ArrowUp: previous,
    PageUp: previous,
    MediaTrackPrevious: previous,
    Home: function () { show(0); },
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!Object.prototype.hasOwnProperty.call(KEYS, event.key)) return;
    if ((event.key === " " || event.key === "Enter") && event.target === button) return; // its click
    event.preventDefault();
    KEYS[event.key]();
  });
  button.addEventListener("click", toggle);

  var swipeX = null;
  stage.addEventListener("pointerdown", function (event) {
    swipeX = event.clientX;
  });
  stage.addEventListener("pointerup", function (event) {
    if (swipeX === null) return;
    var dx = event.clientX - swipeX;
    swipeX = null;
    if (Math.abs(dx) > 60) {
      if (dx < 0) next();
      else previous();
    }
  });
  document.addEventListener("pointermove", function () {
    lastMove = performance.now();
  });
  window.addEventListener("resize", refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);

  // -- start ----------------------------------------------------------------------------------
  for (var i = 1; i < slides.length; i++) slides[i].hidden = true;
  if (slides.length) slides[0].hidden = false;
  setPaused(false);
  updateClock();
  show(0);
  setInterval(tick, TICK);
  tick();

  // A small handle for tests and for a technician's console.
  window.hbScreen = {
    count: slides.length,
    next: next,
    previous: previous,
    go: show,
    pause: function () { setPaused(true); },
    resume: function () { setPaused(false); },
    toggle: toggle,
    current: function () { return index; },
    paused: function () { return paused; },
    night: function () { return night; },
    version: function () { return knownVersion; },
  };
})();
