package dev.tempered.app.cli;

import dev.tempered.app.platform.PipelineFile;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code tempered demo --human}: the pipeline's {@code label} stages wait for people instead of
 * simulated labelers. Makes (or re-keys) one labeler account per unit of overlap, prints the
 * labeler URL and the credentials once, and assigns the project to those accounts.
 */
final class HumanLabeling {
    private HumanLabeling() {}

    /** {@code file} with every label stage set to these labelers and no simulated ones. */
    static PipelineFile forPeople(PipelineFile file, DataSource db, String webUrl, PrintStream out) {
        int needed = 0;
        for (StageSpec s : file.spec().stages()) {
            if (!s.stage().equals("label")) continue;
            Object overlap = s.params().get("overlap");
            needed = Math.max(needed, overlap instanceof Number n ? n.intValue() : 2);
        }
        if (needed == 0) return file;
        UserStore users = new UserStore(db);
        List<String> names = new ArrayList<>();
        out.println("human labeling: open " + webUrl + "/label and log in as");
        for (int i = 1; i <= needed; i++) {
            String name = "labeler-" + i;
            String password = UserStore.generatePassword();
            if (users.byName(name).isPresent()) users.setPassword(name, password);
            else users.create(name, Role.LABELER, password);
            names.add(name);
            out.println("  " + name + "  password " + password);
        }
        List<StageSpec> stages = new ArrayList<>();
        for (StageSpec s : file.spec().stages()) {
            if (!s.stage().equals("label")) {
                stages.add(s);
                continue;
            }
            Map<String, Object> params = new LinkedHashMap<>(s.params());
            params.put("simulated_labelers", 0);
            params.put("labelers", names);
            stages.add(new StageSpec(s.stage(), params, s.inputs(), s.id()));
        }
        return new PipelineFile(file.file(), new PipelineSpec(file.spec().name(), stages), file.clientParams());
    }
}
