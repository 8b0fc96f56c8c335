package dev.tempered.activities.curation.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilterDecision;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LanguageFilterTest {
    private static final String FRENCH = "Considérant que la reconnaissance de la dignité inhérente à tous les membres "
            + "de la famille humaine et de leurs droits égaux et inaliénables constitue le fondement de la liberté, "
            + "de la justice et de la paix dans le monde,";
    private static final String ENGLISH =
            "Whereas recognition of the inherent dignity and of the equal and inalienable "
                    + "rights of all members of the human family is the foundation of freedom, justice and peace in the world,\n"
                    + "Whereas disregard and contempt for human rights have resulted in barbarous acts which have outraged "
                    + "the conscience of mankind.";

    private final LanguageFilter filter = new LanguageFilter();

    @Test
    void dropsAFrenchParagraphWhenOnlyEnglishIsWanted() {
        Document doc = new Document("d1", "https://example.fr/", FRENCH);
        assertEquals(FilterDecision.drop("language:fr"), filter.filter(doc));
        assertEquals("fr", doc.metadata().get("lang"));
        assertTrue((double) doc.metadata().get("lang_score") > 0.9);
    }

    @Test
    void keepsAnEnglishParagraphAndRecordsItsScore() {
        Document doc = new Document("d2", "https://example.org/", ENGLISH);
        assertEquals(FilterDecision.KEEP, filter.filter(doc));
        assertEquals("en", doc.metadata().get("lang"));
        assertTrue((double) doc.metadata().get("lang_score") >= LanguageFilter.DEFAULT_THRESHOLD);
    }

    @Test
    void dropsWantedLanguageBelowTheThreshold() {
        // lid.176 gives "Hello" en at 0.228 (see the reference fixture, edge:3).
        Document doc = new Document("d3", "https://example.org/", "Hello");
        assertEquals(FilterDecision.drop("language_low_score"), filter.filter(doc));
        assertEquals("en", doc.metadata().get("lang"));
    }

    @Test
    void keepsEitherOfSeveralWantedLanguages() {
        LanguageFilter enFr = new LanguageFilter(Set.of("en", "fr"), 0.65);
        assertEquals(FilterDecision.KEEP, enFr.filter(new Document("d4", null, FRENCH)));
        assertEquals(FilterDecision.KEEP, enFr.filter(new Document("d5", null, ENGLISH)));
        assertEquals("language", enFr.name());
    }

    @Test
    void refusesCodesThatAreNotLid176Labels() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new LanguageFilter(Set.of("eng"), 0.65));
        assertTrue(e.getMessage().contains("'eng'"), e.getMessage());
    }
}
