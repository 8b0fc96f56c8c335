package dev.tempered.web;

import dev.tempered.storage.registry.ModelVersion;
import java.util.List;

/**
 * One row of the Models page's versions table.
 *
 * @param aliases the aliases pointing at this version
 * @param compareWith the side-by-side report-card page against production's; null for production
 *     itself or when either card is missing
 */
public record ModelVersionRow(ModelVersion version, List<String> aliases, String compareWith) {
    public ModelVersionRow {
        aliases = List.copyOf(aliases);
    }
}
