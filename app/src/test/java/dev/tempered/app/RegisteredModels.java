package dev.tempered.app;

import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.activities.registry.ModelRegistration;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.registry.ModelVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Model versions registered on a running platform as evaluate registers them, for CLI and recovery tests. */
public final class RegisteredModels {
    private RegisteredModels() {}

    /** A new version of {@code model}: a chat checkpoint and an empty report card for it. */
    public static ModelVersion register(Platform platform, String model) throws IOException {
        ArtifactPublisher publisher = new ArtifactPublisher(platform.store(), platform.lineage());
        String ckpt = publisher
                .publish(
                        ("checkpoint of " + model).getBytes(StandardCharsets.UTF_8),
                        "checkpoint",
                        "application/octet-stream",
                        Map.of("kind", "chat"))
                .digest();
        String card = publisher
                .publish(
                        "{}".getBytes(StandardCharsets.UTF_8),
                        ReportCard.KIND,
                        ReportCard.MEDIA_TYPE,
                        Map.of("model", ckpt))
                .digest();
        return new ModelRegistration(platform.lineage())
                .registerEvaluated(model, card, "evaluate")
                .orElseThrow();
    }
}
