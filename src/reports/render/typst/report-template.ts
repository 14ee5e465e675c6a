/**
 * The annual report's layout, in Typst. Typst paginates by itself: tables break across pages and repeat their
 * header, figures take their own room in the flow (nothing is placed at computed coordinates), headings
 * become the table of contents and the PDF bookmarks, and "page n of N" is known. All text comes from
 * /data.json as strings (never spliced into markup), so a state name or a narrative cannot change the layout.
 * Charts are SVG files under /charts/. Written as a TypeScript string so that the build ships it as it is.
 */
export const REPORT_TEMPLATE = String.raw`
#let data = json("/data.json")
#let meta = data.meta
#let accent = rgb("#045a8d")
#let muted = luma(85)
#let level-colours = (rgb("#f1eef6"), rgb("#bdc9e1"), rgb("#74a9cf"), rgb("#2b8cbe"), rgb("#045a8d"))

#set document(title: meta.title, author: meta.publisher, keywords: meta.keywords,
  date: datetime(year: meta.date.year, month: meta.date.month, day: meta.date.day))
#set text(font: "DejaVu Sans", size: 8.8pt, lang: "en", region: "GB", hyphenate: false)
#set par(justify: false, leading: 0.6em)
#set page(paper: "a4", margin: (x: 1.8cm, top: 1.8cm, bottom: 2cm),
  footer: context {
    let n = counter(page).get().first()
    if n > 1 {
      set text(7.2pt, fill: muted)
      grid(columns: (1fr, auto), meta.footer, [Page #n of #counter(page).final().first()])
    }
  })
#set heading(numbering: none, bookmarked: true)
#show heading.where(level: 1): it => { pagebreak(weak: true); set text(15pt, fill: accent); block(below: 0.9em, it) }
#show heading.where(level: 2): it => { set text(11.5pt, fill: accent); block(above: 1.1em, below: 0.6em, it) }
#show heading.where(level: 3): it => { set text(9.8pt); block(above: 0.9em, below: 0.45em, it) }
#set table(stroke: 0.45pt + luma(190), inset: (x: 4pt, y: 3pt))
#show table.cell.where(y: 0): set text(weight: "bold", size: 7.6pt)
#set figure(numbering: none)
#show link: set text(fill: accent)

#let banner(body) = block(width: 100%, inset: 8pt, fill: rgb("#fff4e5"), stroke: 1.2pt + rgb("#b35806"), text(weight: "bold", body))

// A data table: header repeated on every page it runs over, numbers right-aligned.
// Rules only under the header and light stripes: a stroke around every cell cost more layout time than the text.
#let data-table(columns: (), align-right: (), header: (), rows: ()) = table(
  columns: columns,
  stroke: none,
  align: (x, y) => if align-right.contains(x) { right } else { left },
  fill: (x, y) => if y == 0 { rgb("#eef3f8") } else if calc.even(y) { luma(246) },
  table.header(..header.map(h => text(h)), table.hline(stroke: 0.6pt + luma(150))),
  ..rows.flatten().map(c => text(c)),
)

#let chip(fill, label) = box(baseline: 1pt)[#box(width: 10pt, height: 8pt, fill: fill, stroke: 0.4pt + luma(160)) #text(7.5pt, label)]

// The profile charts, drawn by Typst itself: as SVG images each one embedded its own font subset
// (23 MB and 27 s for every state). Same colours and scale (0-100) as the web charts.
#let stated-colour = rgb("#74a9cf")
#let plot-height = 88pt
// Half the text width less the gutter: a fixed width spares a measuring pass per chart.
#let plot-width = 230pt
#let plot(body) = box(width: plot-width, height: plot-height + 14pt, {
  for v in (0, 25, 50, 75, 100) {
    let y = plot-height * (1 - v / 100)
    place(dx: 20pt, dy: y, line(length: plot-width - 20pt, stroke: 0.4pt + luma(215)))
    place(dx: 0pt, dy: y - 3.5pt, box(width: 16pt, align(right, text(6.5pt, fill: muted, str(v)))))
  }
  body(plot-width - 22pt)
})
#let key(a, b) = text(7pt)[#box(width: 7pt, height: 7pt, fill: stated-colour) #a #h(8pt) #box(width: 7pt, height: 7pt, fill: accent) #b]
#let bar-chart(bars) = stack(spacing: 4pt, plot(width => {
  let slot = width / calc.max(bars.len(), 1)
  let bar = calc.min(16pt, slot / 3)
  for (i, b) in bars.enumerate() {
    let x = 22pt + slot * i + slot / 2
    for (k, (v, fill)) in ((b.stated, stated-colour), (b.verified, accent)).enumerate() {
      if v != none { place(dx: x - bar + k * bar, dy: plot-height * (1 - v / 100), rect(width: bar, height: plot-height * v / 100 + 0.01pt, fill: fill)) }
    }
    place(dx: x - slot / 2, dy: plot-height + 3pt, box(width: slot, align(center, text(6.8pt, b.label))))
  }
}), key("Stated", "Verified"))
#let trend-chart(points) = stack(spacing: 4pt, plot(width => {
  let step = width / calc.max(points.len(), 1)
  let every = calc.ceil(points.len() / 8)
  for (key, fill, weight) in (("stated", stated-colour, 1.2pt), ("verified", accent, 2pt)) {
    let at(i) = (22pt + step * i + step / 2, plot-height * (1 - points.at(i).at(key) / 100))
    for i in range(points.len()) {
      if points.at(i).at(key) != none {
        let (x, y) = at(i)
        place(dx: x - 2pt, dy: y - 2pt, circle(radius: 2pt, fill: fill))
        // A cycle without data is a gap, never a line through 0.
        if i + 1 < points.len() and points.at(i + 1).at(key) != none {
          place(line(start: (x, y), end: at(i + 1), stroke: weight + fill))
        }
      }
    }
  }
  for (i, p) in points.enumerate() {
    if calc.rem(i, every) == 0 or i == points.len() - 1 {
      place(dx: 22pt + step * i, dy: plot-height + 3pt, box(width: step, align(center, text(6.8pt, str(p.year)))))
    }
  }
}), key("Stated index", "Verified index"))

// A short table (a profile's commitments, always on one page) as a one-row grid per row: lighter to lay out
// than a table, which matters once per state. Columns from first-numeric on are right-aligned.
#let row-table(widths, first-numeric, header, rows) = {
  let row(r) = grid(columns: widths, inset: (x: 3pt), align: (x, y) => if x >= first-numeric { right + top } else { left + top }, ..r)
  block(width: 100%, fill: rgb("#eef3f8"), inset: (y: 3pt), stroke: (bottom: 0.6pt + luma(150)), below: 0pt,
    text(7.6pt, weight: "bold", grid(columns: widths, inset: (x: 3pt), align: (x, y) => if x >= first-numeric { right + bottom } else { left + bottom }, ..header)))
  for (i, r) in rows.enumerate() {
    block(width: 100%, fill: if calc.odd(i) { luma(246) }, inset: (y: 2.5pt), above: 0pt, below: 0pt, breakable: false, row(r))
  }
  v(6pt)
}

#let facts(items) = grid(columns: (1fr,) * 4, column-gutter: 6pt, row-gutter: 6pt,
  ..items.map(((label, value)) => block(width: 100%, inset: 5pt, fill: rgb("#f4f7fa"), radius: 2pt,
    stack(spacing: 3pt, text(12pt, weight: "bold", value), text(7.5pt, fill: muted, label)))))

// Cover
#page(footer: none)[
  #v(3cm)
  #text(10pt, fill: muted, upper(meta.publisher))
  #v(0.4cm)
  #text(24pt, weight: "bold", fill: accent, meta.title)
  #v(0.3cm)
  #text(13pt, meta.subtitle)
  #v(1cm)
  #if meta.synthetic { banner[Synthetic demonstration data. These numbers are not findings about any real state.] }
  #if meta.draft { banner[Draft: this cycle is not published; its numbers can still change.] }
  #v(1fr)
  #grid(columns: (auto, 1fr), column-gutter: 12pt, row-gutter: 7pt,
    text(fill: muted)[Reporting cycle], meta.cycleTitle,
    text(fill: muted)[Published], meta.publishedOn,
    text(fill: muted)[Methodology], meta.methodologyVersion,
    text(fill: muted)[Publisher], meta.publisher,
    text(fill: muted)[Scope], meta.scope,
  )
]

#outline(title: [Contents], depth: 1)

#if data.foreword != none or data.keyFindings.len() > 0 [
  = Foreword and key findings
  #if data.foreword != none { for p in data.foreword.split("\n\n") { par(p) } }
  #if data.keyFindings.len() > 0 [
    == Key findings
    #list(..data.keyFindings)
  ]
  #if meta.textAuthor != none { text(fill: muted, meta.textAuthor) }
]

// A one-state report skips what compares states (summary, heatmap, ranking): one row of each is padding.
#if not meta.oneState [
= Executive summary
#for fw in data.frameworks [
  == #fw.title
  #fw.coverage
  #if fw.ranking.len() > 0 [
  #v(4pt)
  #grid(columns: (1fr, 1fr), column-gutter: 14pt,
    [=== Tier distribution
     #data-table(columns: (1fr, auto), align-right: (1,), header: ("Tier", "States"), rows: fw.tiers)],
    [=== Largest credibility gaps
     #if fw.gaps.len() == 0 [None: no state claims more than reviewers verified.] else {
       data-table(columns: (1fr, auto, auto, auto), align-right: (1, 2, 3), header: ("State", "Stated", "Verified", "Gap"), rows: fw.gaps) }],
  )
  === Most contradicted commitments
  #if fw.contradicted.len() == 0 [No accepted contradicting evidence.] else {
    data-table(columns: (auto, 1fr, auto, auto), align-right: (2, 3), header: ("Code", "Commitment", "Contradicting items", "States"), rows: fw.contradicted) }
  === Largest changes since the previous cycle
  #if fw.changes.len() == 0 [#fw.changesNote] else {
    data-table(columns: (1fr, auto, auto, auto), align-right: (1, 2, 3), header: ("State", fw.previousLabel, "Now", "Change"), rows: fw.changes) }
  ]
]

// A framework nobody reported on gets its coverage line in the summary and no overview of empty tables.
#for fw in data.frameworks.filter(f => f.ranking.len() > 0) [
  = #fw.title: overview
  #fw.coverage
  #if fw.tierChart != none {
    figure(image(fw.tierChart, width: 85%), caption: [States per tier in each group (verified index).])
  }
  #if fw.statistics.len() > 0 {
    data-table(columns: (1fr, auto, auto, auto, auto, auto), align-right: (1, 2, 3, 4, 5),
      header: ("Group", "States with data", "Mean verified", "Median", "Min", "Max"), rows: fw.statistics)
  }

  == Heatmap of states and commitments
  Counted level of each commitment after the evidence rule, for the states with data.
  #v(3pt)
  #block(breakable: false, {
    for l in range(5) { chip(level-colours.at(l), str(l) + " " + data.methodology.levels.at(l).label); h(9pt) }
    chip(white, "no information"); h(9pt); chip(luma(217), "not applicable")
  })
  #v(3pt)
  #if fw.heatmap.rows.len() == 0 [No state has data.] else {
    set text(7pt)
    table(
      columns: (1fr,) + (auto,) * fw.heatmap.commitments.len(),
      inset: (x: 2.5pt, y: 1.6pt),
      stroke: none,
      gutter: 1pt,
      align: (x, y) => if x == 0 { left } else { center },
      table.header([State], ..fw.heatmap.commitments.map(c => text(6.5pt, c))),
      ..fw.heatmap.rows.map(r => (text(r.name),) + r.cells.map(c =>
        if c == "na" { table.cell(fill: luma(217), text(fill: luma(60), "n/a")) }
        else if c == "none" { table.cell(fill: white, text(fill: luma(120), "–")) }
        else { table.cell(fill: level-colours.at(c), text(fill: if c >= 3 { white } else { black }, str(c))) })).flatten(),
    )
  }

  == Ranking
  Dense rank by verified index among the states with data (ties share a rank). States with no data are not ranked; they are listed in the annex.
  #data-table(columns: (30pt, 1fr, 40pt, 36pt, 32pt, 50pt, 48pt, 56pt, 58pt), align-right: (0, 2, 3, 4, 5, 6, 7),
    header: ("Rank", "State", "Verified", "Stated", "Gap", "Complete- ness %", "Evidence coverage %", "Contra- dictions", "Tier"), rows: fw.ranking)
]
]

#for fw in data.frameworks [
  #if fw.profiles.len() > 0 [
    = Profiles: #fw.shortTitle
    One profile for each state with data, in alphabetical order.
    #for (i, s) in fw.profiles.enumerate() [
      #if i > 0 { pagebreak() }
      #heading(level: 2, s.heading)
      #facts(s.facts)
      #v(6pt)
      #grid(columns: (1fr, 1fr), column-gutter: 16pt,
        figure(bar-chart(s.subIndices), caption: [Sub-indices per category.]),
        figure(trend-chart(s.trend), caption: [Indices across cycles.]))
      #s.trendNote
      === Commitments
      #row-table((34pt, 1fr, 36pt, 46pt, 42pt, 50pt, 60pt, 40pt, 42pt), 2,
        ("Code", "Commitment", "Stated", "Reviewed", "Counted", "Accepted supporting", "Accepted contradicting", "Pending", "Rejected"),
        s.rows)
      #if s.citations.len() > 0 [
        === Accepted public evidence
        #set text(7.8pt)
        // Numbered lines rather than a list: an enum item cost as much layout as a table row.
        #for (i, c) in s.citations.enumerate() [#(i + 1). #c.ref #if c.url != none { link(c.url, c.title) } else { c.title }#if c.meta != "" [, #text(fill: muted, c.meta)] \
        ]
      ] else [
        #text(fill: muted)[No accepted public evidence.]
      ]
    ]
  ]
]

#if not meta.oneState [
= Annex A: states with no data
A state with no data reported nothing for the framework in this cycle. It has no index, no tier and no rank: silence is not a score of zero.
#for fw in data.frameworks [
  == #fw.shortTitle
  #if fw.noData.len() == 0 [Every state in scope has data.] else [
    #fw.noData.len() states: #fw.noData.join(", ").
  ]
]
]

= Annex B: commitment texts
#for fw in data.frameworks [
  == #fw.title (#fw.version)
  #text(fill: muted, fw.source)
  #data-table(columns: (auto, 1fr, auto), header: ("Code", "Commitment", "Text kind"),
    rows: fw.commitments.map(c => (c.code, [*#c.label* \ #c.text], c.kind)))
]

= Methodology
#for p in data.methodology.paragraphs { par(p) }
== Levels
#data-table(columns: (auto, 1fr, auto), align-right: (0, 2), header: ("Level", "Label", "Score"), rows: data.methodology.levels.map(l => (str(l.level), l.label, l.score)))
== Tiers
#data-table(columns: (1fr, auto), align-right: (1,), header: ("Tier", "Verified index at least"), rows: data.methodology.tiers)
== Weights
#data.methodology.weights

= Data provenance
#for p in data.provenance.paragraphs { par(p) }
#data-table(columns: (auto, 1fr), header: ("Catalogue file", "SHA-256"), rows: data.provenance.files.map(f => (f.path, text(6.8pt, f.sha256))))
`;
