package dev.tempered.activities.curation.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Texts built to break the patterns: long runs that made the e-mail expression recurse once per
 * repetition ({@code StackOverflowError} on {@code "a.".repeat(5000)}) or retry from every start.
 * Each asserts the redacted text and the counts, not only that nothing was thrown.
 */
class PiiAdversarialTest {
    private final PiiRedactor redactor = new PiiRedactor();

    private Document redact(String text) {
        Document doc = new Document("adversarial", "test:", text);
        redactor.redact(doc);
        return doc;
    }

    @Test
    void longDottedRunIsNotAnAddressAndDoesNotOverflow() {
        String text = "a.".repeat(5000);
        Document doc = redact(text);
        assertEquals(text, doc.text());
        assertEquals(0, doc.metadata().get("pii_email"));
    }

    @Test
    void longDottedLocalPartAndDomainAreOneAddressEach() {
        // Both are valid addresses by the pattern's rules (no leading, trailing or doubled dot).
        assertEquals("<EMAIL> x", redact("a.".repeat(5000) + "a@example.com x").text());
        assertEquals("<EMAIL> x", redact("x@" + "a.".repeat(5000) + "com x").text());
        assertEquals(
                "mail " + "a.".repeat(5000) + "@ x",
                redact("mail " + "a.".repeat(5000) + "@ x").text());
    }

    @Test
    void aMegabyteOfAtSignsHasNoAddress() {
        String text = "a@".repeat(512 * 1024);
        Document doc = redact(text);
        assertEquals(text, doc.text());
        assertEquals(0, doc.metadata().get("pii_email"));
    }

    @Test
    void aMegabyteOfChainedAddressesAlternatesLikeTheRegularExpression() {
        // "ab@cd.ab@cd.ab@...": the first address takes "ab@cd.ab"; the next may only start after it
        // and behind a non-address character, so every second "@" is left between two addresses
        // and the last one, after an odd count, is left with its "cd.ab".
        int units = 1 << 16;
        String text = "ab@cd.".repeat(units) + "ab";
        String redacted = redact(text).text();
        String expected = String.join("@", java.util.Collections.nCopies(units / 2, "<EMAIL>")) + "@cd.ab";
        assertEquals(expected.length(), redacted.length());
        assertTrue(
                expected.equals(redacted),
                "differs from index "
                        + java.util.stream.IntStream.range(0, expected.length())
                                .filter(i -> expected.charAt(i) != redacted.charAt(i))
                                .findFirst()
                                .orElse(-1));
        assertEquals(units / 2, redactor.find(text).size());
    }

    @Test
    void longDigitRunsAreNotPhonesOrIps() {
        for (String text : List.of(
                "1".repeat(200_000),
                "1.".repeat(50_000) + "1",
                "1 ".repeat(50_000),
                "1-".repeat(50_000) + "1",
                "192.168.".repeat(20_000) + "1")) {
            Document doc = redact(text);
            assertEquals(text, doc.text(), text.substring(0, 20));
            assertEquals(0, doc.metadata().get("pii_phone"), text.substring(0, 20));
            assertEquals(0, doc.metadata().get("pii_ip"), text.substring(0, 20));
        }
    }

    @Test
    void realAddressesAroundAPathologicalRunAreStillFound() {
        String text = "Mail nicka@exis.net or call (407) 679-1539. " + "a.".repeat(5000) + " " + "1".repeat(10_000)
                + " Host 167.206.208.233 answered.";
        assertEquals(
                "Mail <EMAIL> or call <PHONE>. " + "a.".repeat(5000) + " " + "1".repeat(10_000)
                        + " Host <IP> answered.",
                redact(text).text());
    }

    @Test
    void longCapitalisedWordRunsAreNotStreetAddresses() {
        String text = "12 " + "Main ".repeat(100_000) + "Street";
        Document doc = redact(text);
        assertEquals(0, doc.metadata().get("pii_address"));
        assertEquals(text, doc.text());
    }

    @Test
    void aTextOverTheReadBudgetIsRefusedWithAReasonAndLeftUnchanged() {
        // One read per character cannot cover a dozen patterns: the scan must stop, not return partial spans.
        PiiRedactor stingy = new PiiRedactor(1);
        String text = "Call (407) 679-1539 now. ".repeat(20_000);
        Document doc = new Document("d", "u", text);
        PiiScanException e = assertThrows(PiiScanException.class, () -> stingy.redact(doc));
        assertEquals("pii_scan_budget_exceeded", e.reason());
        assertEquals(text, doc.text(), "a refused document is not half-redacted");
        assertTrue(e.getMessage().contains(text.length() + "-character"), e.getMessage());
    }

    @Test
    void realTextsAndTheseInputsUseAFractionOfTheReadBudget() throws java.io.IOException {
        // Measured: real mails need a few dozen reads per character; the budget leaves room for denser pages.
        double worstReal = 0;
        for (var mail : PiiEvaluationTest.labels()) {
            String text = mail.get("text").asText();
            worstReal = Math.max(worstReal, (double) redactor.readsFor(text) / text.length());
        }
        System.out.printf("worst reads per character, labelled mails: %.1f%n", worstReal);
        assertTrue(worstReal < PiiRedactor.DEFAULT_READS_PER_CHAR / 4.0, "reads per character " + worstReal);
        for (String text : List.of(
                "a.".repeat(5000),
                "a@".repeat(50_000),
                "1".repeat(100_000),
                "12 " + "Main ".repeat(20_000),
                "Unter den ".repeat(10_000) + "Linden 77, 10117 Berlin",
                "8.8.4.4, ".repeat(10_000))) {
            double perChar = (double) redactor.readsFor(text) / text.length();
            System.out.printf(
                    "reads per character, %s...: %.1f%n", text.substring(0, 12).replace("\n", " "), perChar);
            assertTrue(perChar < PiiRedactor.DEFAULT_READS_PER_CHAR / 2.0, text.substring(0, 12) + ": " + perChar);
        }
    }
}
