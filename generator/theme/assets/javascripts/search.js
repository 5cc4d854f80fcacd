/* Search, page side. Runs in <head>, before Material's bundle (the plugin lists it in
 * `extra.polyfills`), and changes three things about Material's search:
 *
 * 1. The index is fetched only when search is opened (the search box gets the focus or the
 *    search toggle is switched on), not on every page: it is most of a page's weight on a
 *    phone. Material asks for search/search_index.json with XMLHttpRequest as its bundle
 *    starts; that request is held here until then.
 * 2. Material's worker is replaced by ours (search-worker.js beside this file), which finds
 *    Chinese text as it is typed, names by their pinyin and initials (see site/search.py).
 * 3. Material searches on `keyup`: text committed by an input method (拼音, 五笔, 手写) or
 *    pasted fires no key event, and what an input method shows while composing is not yet
 *    text. Here an `input` or `compositionend` becomes the `keyup` Material listens for, and
 *    the keys typed while composing are kept from it.
 */
(function () {
  "use strict"

  var script = document.currentScript
  var here = new URL(script ? script.src : "assets/javascripts/search.js", location.href)
  var workerUrl = new URL("search-worker.js" + here.search, here).href
  var QUERY = "[data-md-component=search-query]"

  /* 1. Hold the index request until search is opened */
  var opened = false
  var waiting = []
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__hbIndex = /\/search\/search_index\.json(?:[?#]|$)/.test(String(url)) ||
      /^search\/search_index\.json/.test(String(url))
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    if (this.__hbIndex && !opened) {
      var request = this
      var args = arguments
      waiting.push(function () { send.apply(request, args) })
      return undefined
    }
    return send.apply(this, arguments)
  }
  function searchOpened() {
    if (opened) return
    opened = true
    var held = waiting
    waiting = []
    for (var i = 0; i < held.length; i++) held[i]()
  }
  document.addEventListener("focusin", function (ev) {
    if (ev.target instanceof Element && ev.target.matches(QUERY)) searchOpened()
  })
  document.addEventListener("change", function (ev) {
    var el = ev.target
    if (el instanceof HTMLInputElement && el.getAttribute("data-md-toggle") === "search" &&
        el.checked) searchOpened()
  })

  /* 2. Our worker in place of Material's */
  var NativeWorker = window.Worker
  if (typeof NativeWorker === "function") {
    var Worker = function (url, options) {
      var target = /\/workers\/search\.[^/]*\.js(?:[?#]|$)/.test(String(url)) ? workerUrl : url
      return new NativeWorker(target, options)
    }
    Worker.prototype = NativeWorker.prototype
    window.Worker = Worker
  }

  /* 3. Search on input, not on the keys of an input method */
  function isQuery(el) {
    return el instanceof HTMLInputElement && el.matches(QUERY)
  }
  function searchNow(el) {
    el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }
  document.addEventListener("keyup", function (ev) {
    if (isQuery(ev.target) && (ev.isComposing || ev.keyCode === 229)) ev.stopPropagation()
  }, true)
  document.addEventListener("input", function (ev) {
    if (isQuery(ev.target) && !ev.isComposing) searchNow(ev.target)
  }, true)
  document.addEventListener("compositionend", function (ev) {
    if (isQuery(ev.target)) searchNow(ev.target)
  }, true)
})()
