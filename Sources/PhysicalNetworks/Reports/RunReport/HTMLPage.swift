import Foundation

/// A self-contained HTML page: inline CSS, inline SVG figures, no scripts, no external URL.
/// The text is also well-formed XML (polyglot markup), so an XML parser can check it.
struct HTMLPage: Sendable {
    enum Block: Sendable {
        case heading(String)
        case subheading(String)
        case paragraph(String)
        /// A short note in grey, e.g. why a section is missing.
        case note(String)
        /// An inline SVG figure (SVG text from a plot writer) and its caption.
        case figure(svg: String, caption: String)
        case table(header: [String], rows: [[String]])
        case list([String])
        /// Text shown verbatim (a file's contents).
        case preformatted(String)
    }

    var title: String
    var blocks: [Block] = []

    static let style = """
        body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
        figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #444; max-width: 800px; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        pre { background: #f6f6f6; padding: 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85em; }
        p.note { color: #777; font-style: italic; }
        """

    /// The page's text.
    func render() -> String {
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(xmlEscaped(title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <h1>\(xmlEscaped(title))</h1>

            """
        let sections = blocks.compactMap { block -> String? in
            if case .heading(let text) = block { return "<a href=\"#\(Self.slug(text))\">\(xmlEscaped(text))</a>" }
            return nil
        }
        if sections.count > 1 { out += "<p class=\"contents\">" + sections.joined(separator: " · ") + "</p>\n" }
        for block in blocks { out += Self.render(block) }
        return out + "</body>\n</html>\n"
    }

    /// A heading's anchor: lower-case letters and digits, other runs as `-` ("Analog against
    /// digital" → `analog-against-digital`).
    static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                out.append(character)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        return out.hasSuffix("-") ? String(out.dropLast()) : out
    }

    private static func render(_ block: Block) -> String {
        switch block {
        case .heading(let text): return "<h2 id=\"\(slug(text))\">\(xmlEscaped(text))</h2>\n"
        case .subheading(let text): return "<h3>\(xmlEscaped(text))</h3>\n"
        case .paragraph(let text): return "<p>\(xmlEscaped(text))</p>\n"
        case .note(let text): return "<p class=\"note\">\(xmlEscaped(text))</p>\n"
        case .figure(let svg, let caption):
            return "<figure>\n\(svg)<figcaption>\(xmlEscaped(caption))</figcaption>\n</figure>\n"
        case .table(let header, let rows):
            var out = "<table>\n<tr>" + header.map { "<th>\(xmlEscaped($0))</th>" }.joined() + "</tr>\n"
            for row in rows {
                out += "<tr>" + row.map { cell in
                    let numeric = Double(cell.split(separator: " ").first.map(String.init) ?? "") != nil
                    return (numeric ? "<td class=\"number\">" : "<td>") + xmlEscaped(cell) + "</td>"
                }.joined() + "</tr>\n"
            }
            return out + "</table>\n"
        case .list(let items):
            return "<ul>\n" + items.map { "<li>\(xmlEscaped($0))</li>\n" }.joined() + "</ul>\n"
        case .preformatted(let text):
            return "<pre>\(xmlEscaped(text))</pre>\n"
        }
    }
}
