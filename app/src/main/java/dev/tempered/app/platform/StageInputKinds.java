package dev.tempered.app.platform;

import dev.tempered.activities.stage.ClientParam;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.workflows.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The submit-time check that each stage gets the kind of artifact it reads: pretrain fed raw pages
 * (it directly after ingest, taking ingest's output as {@code in}) or {@code text: stage:train-tokenizer}
 * is refused before anything runs, in one line naming the stage, the input, what it would get and
 * what it expects. A required input nobody gives is refused the same way.
 *
 * <p>Not checked here: named outputs ({@code stage:synthesize.heldout}; stages do not declare their
 * kinds), literal digests (their kind is in lineage, which the client may not reach), and inputs of
 * a stage that passes its input through ({@code noop}).
 */
final class StageInputKinds {
    private StageInputKinds() {}

    /**
     * @param earlier the definitions of the stages before this one, by stage id, in pipeline order
     * @param path    where the stage is in the file, e.g. {@code demo.yaml: stages[4]}
     */
    static void check(
            StageDefinition definition, Map<String, String> inputs, Map<String, StageDefinition> earlier, String path) {
        String stage = "stage '" + definition.name() + "'";
        for (InputSpec in : definition.inputs()) {
            String given = inputs.get(in.name());
            if (given == null && inputs.isEmpty() && in.name().equals(StageSpec.DEFAULT_INPUT) && !earlier.isEmpty()) {
                // No inputs named: the workflow passes the previous stage's primary output as 'in'.
                List<String> ids = new ArrayList<>(earlier.keySet());
                String previous = ids.get(ids.size() - 1);
                compare(
                        path + ": " + stage + " would get " + previous + "'s output as input 'in' (no inputs are"
                                + " named, so the previous stage's output is used)",
                        in,
                        earlier.get(previous));
                continue;
            }
            if (given == null) {
                if (in.required() && !fromClientParam(definition, in.name())) {
                    throw new IllegalArgumentException(path + ".inputs." + in.name() + ": " + stage + " needs input '"
                            + in.name() + "' (a " + in.kind() + "); name it, e.g. inputs: {" + in.name()
                            + ": stage:<earlier stage id>}");
                }
                continue;
            }
            if (!given.startsWith(StageSpec.STAGE_REF_PREFIX)) continue;
            String target = given.substring(StageSpec.STAGE_REF_PREFIX.length());
            if (target.contains(".")) continue;
            StageDefinition upstream = earlier.get(target);
            if (upstream != null) {
                compare(
                        path + ".inputs." + in.name() + ": " + stage + " input '" + in.name() + "' is '" + given + "'",
                        in,
                        upstream);
            }
        }
    }

    private static void compare(String where, InputSpec in, StageDefinition upstream) {
        String produced = upstream.outputKind();
        if (produced == null || "any".equals(in.kind()) || produced.equals(in.kind())) return;
        throw new IllegalArgumentException(where + ": that is a " + produced + ", but '" + in.name() + "' expects a "
                + in.kind() + "; name the right earlier stage with inputs: {" + in.name() + ": stage:<id>}");
    }

    private static boolean fromClientParam(StageDefinition definition, String input) {
        for (ClientParam p : definition.clientParams()) if (p.input().equals(input)) return true;
        return false;
    }
}
