/// Lines of a `*@` directive listing many names, as the file writers emit them.
enum DirectiveLines {
    /// `head name name …` lines of at most about 100 characters (none for no names).
    static func wrapped(_ head: String, _ names: [String]) -> [String] {
        var lines: [String] = []
        var line = head
        for name in names {
            if line.count + name.count > 100, line != head { lines.append(line); line = head }
            line += " " + name
        }
        if line != head { lines.append(line) }
        return lines
    }
}
