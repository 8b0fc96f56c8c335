package dev.tempered.app.serve;

import dev.tempered.activities.stage.ClientParam;
import dev.tempered.activities.stage.ParamSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageExecution;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.Json;
import dev.tempered.web.StageCatalogView;
import java.util.ArrayList;
import java.util.List;

/** The dashboard's view of the {@link StageRegistry}: names, params with defaults and ranges, inputs, queues. */
public final class RegistryCatalogView implements StageCatalogView {
    private final List<Stage> stages;

    public RegistryCatalogView() {
        List<Stage> out = new ArrayList<>();
        for (StageDefinition d : StageRegistry.all()) out.add(view(d));
        this.stages = List.copyOf(out);
    }

    @Override
    public List<Stage> stages() {
        return stages;
    }

    private static Stage view(StageDefinition d) {
        List<Param> params = new ArrayList<>();
        for (ClientParam c : d.clientParams()) params.add(param(c.spec(), true));
        for (ParamSpec p : d.params()) params.add(param(p, false));
        List<Input> inputs = d.inputs().stream()
                .map(i -> new Input(i.name(), i.kind(), i.required(), i.doc()))
                .toList();
        boolean child = d.execution() instanceof StageExecution.ChildWorkflow;
        String queue = child ? "workflows (its activities on " + queueName(d.queue()) + ")" : queueName(d.queue());
        return new Stage(
                d.name(),
                d.version(),
                d.description(),
                queue,
                (child ? "child workflow " : "activity ") + d.execution().typeName(),
                params,
                inputs);
    }

    private static String queueName(QueueKind kind) {
        return switch (kind) {
            case CPU -> "cpu";
            case MODEL -> "model (gpu with device: gpu)";
        };
    }

    private static Param param(ParamSpec p, boolean clientSide) {
        return new Param(
                p.name(),
                p.type().name().toLowerCase().replace('_', ' '),
                Json.write(p.defaultValue()),
                range(p),
                p.description(),
                clientSide);
    }

    private static String range(ParamSpec p) {
        return switch (p.type()) {
            case INTEGER -> (long) p.min() + " to " + (long) p.max();
            case NUMBER -> Double.isInfinite(p.min()) && Double.isInfinite(p.max()) ? "" : p.min() + " to " + p.max();
            case CHOICE -> String.join(", ", p.choices());
            case STRING_LIST -> p.choices().isEmpty() ? "" : "each one of " + String.join(", ", p.choices());
            case BOOLEAN -> "true, false";
            case STRING -> "";
        };
    }
}
