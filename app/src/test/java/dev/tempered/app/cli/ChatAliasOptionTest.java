package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code chat} takes exactly one of --model and --alias, and only the registry's aliases, before any service starts. */
class ChatAliasOptionTest {
    private static String[] run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setErr(old);
        }
        return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void neitherOrBothAreRefused() {
        for (String[] args : new String[][] {{"chat"}, {"chat", "--model", "abcdef123456", "--alias", "production"}}) {
            String[] r = run(args);
            assertNotEquals("0", r[0]);
            assertTrue(r[1].contains("give either --model DIGEST or --alias production|candidate"), r[1]);
        }
    }

    @Test
    void anUnknownAliasIsNamed() {
        String[] r = run("chat", "--alias", "staging");
        assertNotEquals("0", r[0]);
        assertTrue(r[1].contains("unknown alias 'staging'; expected one of [candidate, production]"), r[1]);
    }
}
