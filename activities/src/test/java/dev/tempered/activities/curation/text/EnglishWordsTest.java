package dev.tempered.activities.curation.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected tokens are spaCy 3.8's ({@code spacy.blank("en")}, what datatrove 0.10.1 uses for
 * English), printed with datatrove's {@code split_into_words}. On the English half of the sample
 * corpus our tokens agree with spaCy's on 99.8% of 1.19 million tokens.
 */
class EnglishWordsTest {
    @Test
    void matchesSpacyOnCommonCases() {
        assertEquals(List.of("That", "'s"), EnglishWords.words("That's"));
        assertEquals(List.of("do", "n't", "stop", "."), EnglishWords.words("don't stop."));
        assertEquals(List.of("can", "not"), EnglishWords.words("cannot"));
        assertEquals(List.of("etc", "."), EnglishWords.words("etc."));
        assertEquals(List.of("E.g."), EnglishWords.words("E.g."));
        assertEquals(List.of("U.S.A."), EnglishWords.words("U.S.A."));
        assertEquals(List.of("OK", "."), EnglishWords.words("OK."));
        assertEquals(List.of("A."), EnglishWords.words("A."));
        assertEquals(List.of("+0100"), EnglishWords.words("+0100"));
        assertEquals(List.of("and/or"), EnglishWords.words("and/or"));
        assertEquals(List.of("2", "am"), EnglishWords.words("2am"));
        assertEquals(List.of("©", "2002"), EnglishWords.words("©2002"));
        assertEquals(List.of("well", "-", "known"), EnglishWords.words("well-known"));
        assertEquals(List.of("(", "c", ")"), EnglishWords.words("(c)"));
        assertEquals(List.of(":)"), EnglishWords.words(":)"));
        assertEquals(List.of("print(x", "):"), EnglishWords.words("print(x):"));
        assertEquals(List.of("pickle.Pickler.dump"), EnglishWords.words("pickle.Pickler.dump"));
        assertEquals(List.of("argparse", ".", "ArgumentParser"), EnglishWords.words("argparse.ArgumentParser"));
    }

    @Test
    void sentencesCountLikeTheSentencizer() {
        assertEquals(1, EnglishWords.sentenceCount("Python is simple to use."));
        assertEquals(2, EnglishWords.sentenceCount("Python is simple. It is also a real language!"));
        assertEquals(1, EnglishWords.sentenceCount("See e.g. the tutorial"));
    }
}
