package dev.tempered.workflows;

import java.util.List;

/** A named, ordered list of stages. Parsed and validated by the submitter before it reaches a workflow. */
public record PipelineSpec(String name, List<StageSpec> stages) {
    public PipelineSpec {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }
}
