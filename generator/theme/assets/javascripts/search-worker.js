/* Search, worker side: replaces Material's worker (search.js puts it in its place) and speaks
 * its protocol: SETUP (the index) → READY, QUERY (the text typed) → RESULT.
 *
 * What is typed is found as it is written, anywhere in a page: 晓明 in 王晓明, 党员 in
 * 优秀党员示范岗. Material's worker matches the beginnings of the words jieba cut at build and
 * splits a Chinese query on those words, dropping what is left: it finds neither. The index
 * (site/search.py) has one document a page: its title, its text, the names it is found by
 * (`keys`: a person's name, given name, full pinyin and initials) and its rank.
 *
 * Every term of the query must be found in a page (its title, text or names). Pages come in
 * this order: those whose names match (an exact name first, then a name that begins with
 * the query, then one that contains it), then by rank (campaigns first), then those with the
 * query in their title, then by how often the text has it. A query in letters also matches
 * a name's pinyin with its spaces taken out (wang xiaoming → wangxiaoming). A term found
 * nowhere on the site is split into the longest pieces that are (优秀党员王晓明 → 优秀党员,
 * 王晓明), as people type several words without spaces.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var MAX_RESULTS = 200
var docs = []
var corpus = ""  // every title, text and name, to split a term into pieces the site has

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    setup(message.data.docs || [])
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    postMessage({ type: RESULT, data: { items: search(String(message.data || "")) } })
  }
})

function fold(text) {
  return text.normalize("NFKC").toLowerCase()
}

function setup(list) {
  docs = list.map(function (doc, order) {
    return {
      doc: doc,
      order: order,
      title: fold(doc.title || ""),
      text: (doc.text || "").toLowerCase(),  // same length as doc.text: offsets for snippets
      keys: (doc.keys || []).map(fold),
      rank: doc.rank || 0
    }
  })
  corpus = docs.map(function (d) {
    return d.title + "\u0000" + d.text + "\u0000" + d.keys.join("\u0000")
  }).join("\u0000")
}

/* A term the site does not have, in the longest pieces it has (none if no character is) */
function pieces(term) {
  if (corpus.indexOf(term) >= 0) return [term]
  var found = []
  for (var i = 0; i < term.length;) {
    var j = term.length
    while (j > i + 1 && corpus.indexOf(term.slice(i, j)) < 0) j--
    if (corpus.indexOf(term.slice(i, j)) >= 0) found.push(term.slice(i, j))
    i = j
  }
  return found.length ? found : [term]
}

/* The query's terms: split at spaces and punctuation; Lunr's syntax (+, -, *, ~, ^) ignored */
function terms(query) {
  return fold(query)
    .split(/[\s\u3000,.;:!?，。；：！？、·"“”'‘’()（）《》【】\[\]{}<>+\-*~^|/\\]+/)
    .filter(function (term) { return term.length > 0 })
    .reduce(function (all, term) { return all.concat(pieces(term)) }, [])
}

function keyStrength(keys, term) {
  var best = 0
  for (var i = 0; i < keys.length; i++) {
    var key = keys[i]
    if (key === term) return 3
    if (key.indexOf(term) === 0) best = Math.max(best, 2)
    else if (key.indexOf(term) > 0) best = Math.max(best, 1)
  }
  return best
}

function count(text, term) {
  var n = 0
  for (var at = text.indexOf(term); at >= 0 && n < 20; at = text.indexOf(term, at + term.length))
    n++
  return n
}

function search(query) {
  var parts = terms(query)
  if (!parts.length) return []
  var letters = parts.every(function (t) { return /^[a-z]+$/.test(t) })
  var joined = parts.join("")
  var found = []
  for (var d = 0; d < docs.length; d++) {
    var entry = docs[d]
    var names = 0, inTitle = 0, hits = 0, every = true
    for (var p = 0; p < parts.length; p++) {
      var term = parts[p]
      var k = keyStrength(entry.keys, term)
      var t = entry.title.indexOf(term) >= 0 ? 1 : 0
      var h = count(entry.text, term)
      if (!k && !t && !h) { every = false; break }
      names += k
      inTitle += t
      hits += h
    }
    if (letters && parts.length > 1) {  // wang xiaoming: one name in pinyin
      var whole = keyStrength(entry.keys, joined)
      if (whole) { every = true; names = Math.max(names, whole * parts.length) }
    }
    if (!every) continue
    found.push({ entry: entry, names: names, inTitle: inTitle, hits: hits })
  }
  found.sort(function (a, b) {
    return (b.names - a.names) || (b.entry.rank - a.entry.rank) ||
      (b.inTitle - a.inTitle) || (b.hits - a.hits) || (a.entry.order - b.entry.order)
  })
  var marks = letters && parts.length > 1 ? parts.concat([joined]) : parts
  return found.slice(0, MAX_RESULTS).map(function (match, i, all) {
    var doc = match.entry.doc
    var shown = match.names && match.entry.keys.length  // wxm: mark the name it found
      ? marks.concat([match.entry.keys[0]]) : marks
    var matched = {}
    parts.forEach(function (term) { matched[term] = true })
    return [{
      location: doc.location,
      title: highlight(doc.title || "", shown),
      text: "<p>" + snippet(doc.text || "", match.entry.text, shown) + "</p>",
      score: all.length - i,  // Material opens the highest score on Enter: the first
      terms: matched
    }]
  })
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

/* The text with every term marked, escaped */
function highlight(text, marks) {
  var lower = text.toLowerCase()
  var spans = []
  marks.forEach(function (term) {
    for (var at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length))
      spans.push([at, at + term.length])
  })
  spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] })
  var out = "", last = 0
  spans.forEach(function (span) {
    if (span[0] < last) return
    out += escape(text.slice(last, span[0])) + "<mark>" +
      escape(text.slice(span[0], span[1])) + "</mark>"
    last = span[1]
  })
  return out + escape(text.slice(last))
}

/* About a hundred characters of the text around its first match, marked */
function snippet(text, lower, marks) {
  var first = -1
  marks.forEach(function (term) {
    var at = lower.indexOf(term)
    if (at >= 0 && (first < 0 || at < first)) first = at
  })
  var start = first < 0 ? 0 : Math.max(0, first - 30)
  var end = Math.min(text.length, start + 120)
  if (start > 0) {  // begin at a space or punctuation close by, not mid-word
    var cut = text.slice(start, Math.min(first, start + 12)).search(/[\s，。；：、]/)
    if (cut >= 0) start += cut + 1
  }
  return (start > 0 ? "…" : "") + highlight(text.slice(start, end), marks) +
    (end < text.length ? "…" : "")
}
