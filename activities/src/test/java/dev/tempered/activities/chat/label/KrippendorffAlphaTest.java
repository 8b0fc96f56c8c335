package dev.tempered.activities.chat.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Alpha against the reference Python package: the fixture (bench/agreement/krippendorff_fixture.py)
 * holds the package's values for its documented example, random ranking-shaped data and random
 * integer data, at the nominal, ordinal and interval levels.
 */
class KrippendorffAlphaTest {
    @Test
    void matchesTheKrippendorffPackageWithin1e9() throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/label/krippendorff-fixture.json")) {
            fixture = Json.MAPPER.readTree(in);
        }
        assertTrue(fixture.get("generator").asText().startsWith("krippendorff "));
        int checked = 0;
        for (JsonNode c : fixture.get("cases")) {
            JsonNode rows = c.get("data");
            double[][] data = new double[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                data[i] = new double[rows.get(i).size()];
                for (int j = 0; j < data[i].length; j++) {
                    JsonNode v = rows.get(i).get(j);
                    data[i][j] = v.isNull() ? Double.NaN : v.asDouble();
                }
            }
            for (KrippendorffAlpha.Level level : KrippendorffAlpha.Level.values()) {
                double expected = c.get(level.name().toLowerCase(Locale.ROOT)).asDouble();
                assertEquals(
                        expected,
                        KrippendorffAlpha.alpha(data, level),
                        1e-9,
                        c.get("name").asText() + " " + level);
                checked++;
            }
        }
        assertEquals(30, checked);
    }

    @Test
    void perfectAgreementIsOneAndNoVariationIsUndefined() {
        double[][] same = {{1, 2, 3, 1}, {1, 2, 3, 1}};
        assertEquals(1.0, KrippendorffAlpha.alpha(same, KrippendorffAlpha.Level.ORDINAL), 1e-12);
        double[][] constant = {{2, 2, 2}, {2, 2, 2}};
        assertTrue(Double.isNaN(KrippendorffAlpha.alpha(constant, KrippendorffAlpha.Level.ORDINAL)));
    }
}
