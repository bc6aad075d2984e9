import CCmarkGFM

/// A fenced code block found by cmark-gfm, with its place in the body text.
struct MarkdownFence {
    /// 1-based line of the opening fence, in the text given to cmark.
    var startLine: Int
    /// 1-based last line cmark assigns to the block (the closing fence, or end of file).
    var endLine: Int
    /// The info string after the opening fence.
    var info: String
    /// The content with container indentation removed, as cmark sees it.
    var literal: String
    /// Length and character of the opening fence, to recognise a closing one.
    var fenceLength: Int
    var fenceCharacter: Character
}

/// Finds the top-level fenced code blocks of a GFM document with cmark-gfm.
///
/// Only blocks directly under the document count: a fence inside a list item or a block
/// quote is part of that prose and passes through untouched (its lines carry the
/// container's markers, so it cannot be sliced out and re-inserted as a cell).
enum MarkdownFences {
    static func find(in text: String) -> [MarkdownFence] {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_parser_free(parser) }
        // The GFM extensions change what is a block (a table row is never a fence opener),
        // so attach them to agree with how GitHub renders the notebook.
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    cmark_parser_feed(parser, chars, buffer.count)
                }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(document) }

        var fences: [MarkdownFence] = []
        var node = cmark_node_first_child(document)
        while let current = node {
            if cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK {
                var length: Int32 = 0
                var offset: Int32 = 0
                var character: CChar = 0
                let fenced = cmark_node_get_fenced(current, &length, &offset, &character)
                if fenced != 0 {
                    fences.append(MarkdownFence(
                        startLine: Int(cmark_node_get_start_line(current)),
                        endLine: Int(cmark_node_get_end_line(current)),
                        info: cmark_node_get_fence_info(current).map { String(cString: $0) } ?? "",
                        literal: cmark_node_get_literal(current).map { String(cString: $0) } ?? "",
                        fenceLength: Int(length),
                        fenceCharacter: Character(Unicode.Scalar(UInt8(bitPattern: character)))))
                }
            }
            node = cmark_node_next(current)
        }
        return fences
    }
}
