package dev.tempered.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What the dashboard shows about the stages a pipeline may use: a read-only view of the platform's
 * stage registry. The dashboard stays free of the stage code; the {@code app} module plugs in an
 * implementation backed by the registry, as it does the {@link TextGenerator}. {@code /api/stages}
 * returns these records as JSON with snake_case keys.
 */
public interface StageCatalogView {
    /** A dashboard started without the platform knows no stages. */
    StageCatalogView NONE = List::of;

    /** Every stage, in pipeline order. */
    List<Stage> stages();

    /**
     * @param queue  where its work runs: {@code cpu}, {@code model (gpu with device: gpu)}, or
     *               {@code workflows} for a child workflow
     * @param params the parameters a pipeline file may set
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Stage(
            String name,
            int version,
            String description,
            String queue,
            String execution,
            List<Param> params,
            List<Input> inputs) {
        public Stage {
            params = List.copyOf(params);
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * @param type         {@code integer}, {@code number}, {@code boolean}, {@code string}, {@code choice} or {@code string list}
     * @param defaultValue the default as JSON text ({@code 16}, {@code "cpu"}, {@code ["en"]})
     * @param range        the accepted values in words ({@code 1 to 4096}, {@code cpu, gpu}); empty when any
     * @param clientSide   consumed by the submitter before the run (such as local paths to upload)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Param(String name, String type, String defaultValue, String range, String doc, boolean clientSide) {}

    /** @param kind the artifact kind the stage reads there ({@code any} when it takes whatever it gets) */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Input(String name, String kind, boolean required, String doc) {}
}
