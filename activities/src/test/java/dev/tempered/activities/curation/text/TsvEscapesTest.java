package dev.tempered.activities.curation.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The TSV field escapes the Python reference exports write, undone. */
class TsvEscapesTest {
    @Test
    void controlsBackslashesAndOtherEscapesComeBack() {
        assertEquals("a\tb\nc\rd", TsvEscapes.unescape("a\\tb\\nc\\rd"));
        assertEquals("C:\\temp\\new", TsvEscapes.unescape("C:\\\\temp\\\\new"));
        assertEquals("\0\u000b\f", TsvEscapes.unescape("\\0\\v\\f"));
        assertEquals("q\"", TsvEscapes.unescape("\\q\\\""), "any other escaped character stands for itself");
        assertEquals("ends with \\", TsvEscapes.unescape("ends with \\"), "a lone trailing backslash is kept");
        assertEquals("plain text", TsvEscapes.unescape("plain text"));
    }
}
