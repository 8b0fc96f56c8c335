package dev.tempered.activities.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ids tiktoken itself gives for fixed texts (fixture written by
 * bench/tokenizer/tiktoken_ids.py), through both pre-tokenizers.
 */
class TiktokenFixtureTest {
    static final String FIXTURE = "/tokenizer/tiktoken-cl100k-ids.json";

    static Stream<Arguments> cases() throws IOException {
        JsonNode root;
        try (InputStream in = TiktokenFixtureTest.class.getResourceAsStream(FIXTURE)) {
            root = new ObjectMapper().readTree(in);
        }
        assertEquals("tempered.tiktoken-fixture/v1", root.get("format").asText());
        assertEquals(PreTokenizer.CL100K_PATTERN, root.get("pat_str").asText(), "tiktoken's pattern changed");
        return Stream.of(root.get("cases").elements()).flatMap(it -> {
            Stream.Builder<Arguments> b = Stream.builder();
            it.forEachRemaining(c -> b.add(Arguments.of(
                    c.get("name").asText(),
                    c.get("text").asText(),
                    ids(c.get("encode_ordinary")),
                    ids(c.get("encode_all_special")))));
            return b.build();
        });
    }

    private static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).intValue();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameIdsAsTiktoken(String name, String text, int[] ordinary, int[] allSpecial) {
        BpeEncoder fast = Cl100k.encoder();
        BpeEncoder regex = new BpeEncoder(Cl100k.spec(), new RegexPreTokenizer(PreTokenizer.CL100K_PATTERN));
        for (BpeEncoder encoder : new BpeEncoder[] {fast, regex}) {
            assertArrayEquals(ordinary, encoder.encodeOrdinary(text), name + " encode_ordinary");
            assertArrayEquals(allSpecial, encoder.encode(text, SpecialPolicy.ALLOW_ALL), name + " encode all special");
        }
    }
}
