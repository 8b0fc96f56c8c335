package dev.tempered.activities.curation.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanner finds exactly what the regular expression it replaces found, on the
 * labelled mails and on random strings over the characters that matter ({@code @ . - _} and the
 * boundaries), which are short enough for the old expression not to overflow.
 */
class EmailScannerTest {
    /** The e-mail pattern PiiRedactor used before the scanner (it recurses per repeated group). */
    private static final Pattern OLD =
            Pattern.compile("(?<![\\w.!#$&'*+=^`{|}~-])[A-Za-z0-9!#$&'*+=^_`{|}~-]+(?:\\.[A-Za-z0-9!#$&'*+=^_`{|}~-]+)*"
                    + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![\\w-])");

    private static List<String> old(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = OLD.matcher(text);
        while (m.find()) out.add(m.start() + ":" + m.group());
        return out;
    }

    private static List<String> scanned(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        EmailScanner.scan(text, spans);
        List<String> out = new ArrayList<>();
        for (PiiSpan s : spans) out.add(s.start() + ":" + s.text());
        return out;
    }

    @Test
    void sameMatchesAsTheOldPatternOnTheLabelledMails() throws IOException {
        int addresses = 0;
        for (JsonNode mail : PiiEvaluationTest.labels()) {
            String text = mail.get("text").asText();
            assertEquals(old(text), scanned(text), mail.get("mail").asText());
            addresses += old(text).size();
        }
        assertEquals(true, addresses > 300, "the mails hold hundreds of addresses: " + addresses);
    }

    @Test
    void sameMatchesAsTheOldPatternOnRandomStrings() {
        String alphabet = "aZ9@@..--_+% \n,é";
        Random random = new Random(20261205);
        int withMatch = 0;
        for (int i = 0; i < 200_000; i++) {
            int len = 1 + random.nextInt(24);
            StringBuilder sb = new StringBuilder(len);
            for (int k = 0; k < len; k++) {
                // Mostly letters so that labels and top-level domains of two or more letters occur.
                sb.append(
                        random.nextInt(3) == 0
                                ? alphabet.charAt(random.nextInt(alphabet.length()))
                                : (char) ('a' + random.nextInt(3)));
            }
            String text = sb.toString();
            List<String> expected = old(text);
            assertEquals(expected, scanned(text), text);
            if (!expected.isEmpty()) withMatch++;
        }
        assertEquals(true, withMatch > 1_500, "random strings with an address: " + withMatch);
    }
}
